using System.ComponentModel.DataAnnotations;

namespace Marketplace.Hosting;

public sealed class MarketplaceOptions : IValidatableObject
{
    public const string Section = "Marketplace";

    /// <summary>The platform admin key. In Azure it comes from Key Vault through an app-setting reference.</summary>
    [Required(ErrorMessage = "Marketplace:AdminKey is required."), MinLength(16, ErrorMessage = "Marketplace:AdminKey must be at least 16 characters.")]
    public string AdminKey { get; set; } = "";

    /// <summary>Plan names a tenant may be created with.</summary>
    [MinLength(1, ErrorMessage = "Marketplace:Plans needs at least one plan.")]
    public string[] Plans { get; set; } = ["free", "pro", "enterprise"];

    /// <summary>The address callers use (cards and links are built from it); defaults to the request's own.</summary>
    [Url]
    public string? PublicBaseUrl { get; set; }

    [Range(1024, 64 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        // App Service passes an unresolvable Key Vault reference through as its literal text, which is guessable.
        if (AdminKey.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase))
            yield return new ValidationResult("Marketplace:AdminKey is an unresolved Key Vault reference: check the secret and the app's access to the vault.");
    }
}
