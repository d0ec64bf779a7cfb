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

    public const string PublicBaseUrlRequired =
        "Marketplace:PublicBaseUrl is required: public agent cards, token issuers and links are built from it, never from a request's Host header.";

    /// <summary>
    /// The address callers use (cards, issuers and links are built from it). Required in Azure; the standalone host
    /// defaults it to its own listen address.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    [Range(1024, 64 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        // App Service passes an unresolvable Key Vault reference through as its literal text, which is guessable.
        if (AdminKey.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase))
            yield return new ValidationResult("Marketplace:AdminKey is an unresolved Key Vault reference: check the secret and the app's access to the vault.");
        if (string.IsNullOrEmpty(PublicBaseUrl))
            yield return new ValidationResult(PublicBaseUrlRequired);
        else if (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
                 || uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.AbsolutePath != "/")
            yield return new ValidationResult("Marketplace:PublicBaseUrl must be an absolute http(s) address with no path, query or credentials, e.g. https://market.example.com.");
    }
}
