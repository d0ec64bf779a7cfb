namespace Marketplace.Durable;

public enum DurableBackend
{
    /// <summary>Lost on restart: tests.</summary>
    InMemory,

    /// <summary>The Durable Functions Azure Storage provider on the app's storage account (Azurite locally).</summary>
    AzureStorage,
}

public sealed class DurableOptions
{
    public const string Section = "Durable";

    public DurableBackend Backend { get; set; } = DurableBackend.InMemory;

    public string TaskHub { get; set; } = "marketplace";
}
