using System.ComponentModel.DataAnnotations;

namespace Marketplace.Graph;

/// <summary>Neo4j through its HTTP Query API; unset <c>Uri</c> means the embedded graph.</summary>
public sealed class Neo4jOptions : IValidatableObject
{
    public const string Section = "Neo4j";

    /// <summary>
    /// The server's HTTP address, e.g. <c>http://localhost:7474</c> or an Aura instance's <c>https://…</c>; empty (as
    /// the deployment sets it when there is no Neo4j) means the embedded graph.
    /// </summary>
    public string? Uri { get; set; }

    [Required(AllowEmptyStrings = false)]
    public string Database { get; set; } = "neo4j";

    public string? User { get; set; }

    /// <summary>A Key Vault reference in Azure.</summary>
    public string? Password { get; set; }

    /// <summary>Where the embedded graph keeps its log when no Neo4j is configured; relative to the content root.</summary>
    [Required(AllowEmptyStrings = false)]
    public string EmbeddedPath { get; set; } = Path.Combine(".local", "graph", "graph.jsonl");

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (string.IsNullOrEmpty(Uri)) yield break;
        if (!System.Uri.TryCreate(Uri, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            yield return new ValidationResult("Neo4j:Uri must be an absolute http(s) address.", [nameof(Uri)]);
        if (User is { Length: > 0 } && string.IsNullOrEmpty(Password))
            yield return new ValidationResult("Neo4j:Password is required with Neo4j:User.", [nameof(Password)]);
        if (Password?.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase) == true)
            yield return new ValidationResult("Neo4j:Password is an unresolved Key Vault reference: check the secret and the app's access to the vault.", [nameof(Password)]);
    }
}
