using System.ComponentModel.DataAnnotations;

namespace Marketplace.Registry;

public enum DocumentsProvider
{
    /// <summary>Table storage: the local default (Azurite keeps data across restarts).</summary>
    Tables,

    /// <summary>Cosmos DB NoSQL: production.</summary>
    Cosmos,
}

public sealed class DocumentsOptions : IValidatableObject
{
    public const string Section = "Documents";

    public DocumentsProvider Provider { get; set; } = DocumentsProvider.Tables;

    public CosmosSettings Cosmos { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (Provider == DocumentsProvider.Cosmos && string.IsNullOrEmpty(Cosmos.ConnectionString) && string.IsNullOrEmpty(Cosmos.Endpoint))
            yield return new ValidationResult("Documents:Cosmos:Endpoint (managed identity) or Documents:Cosmos:ConnectionString is required for the Cosmos provider.");
    }
}

public sealed class CosmosSettings
{
    /// <summary>Account endpoint; the app authenticates with its managed identity (data-plane RBAC).</summary>
    public string? Endpoint { get; set; }

    /// <summary>Emulator connection string for local runs and tests.</summary>
    public string? ConnectionString { get; set; }

    public string Database { get; set; } = "marketplace";

    /// <summary>Create the database and containers at start (emulators); in Azure the Bicep creates them.</summary>
    public bool CreateIfMissing { get; set; }

    /// <summary>Accept the emulator's self-signed certificate. Honoured only for loopback endpoints.</summary>
    public bool TrustEmulatorCertificate { get; set; }
}
