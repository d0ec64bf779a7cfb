using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Marketplace.Hosting;
using Marketplace.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Marketplace.Tests.Unit;

/// <summary>The app's storage clients come from the same settings the Functions host reads, in both forms.</summary>
public sealed class StorageSettingsTests
{
    static IConfigurationSection Section(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("AzureWebJobsStorage");

    [Fact]
    public async Task Identity_based_settings_as_the_bicep_writes_them()
    {
        await using var provider = new ServiceCollection().AddStorageClients(Section(new()
        {
            ["AzureWebJobsStorage:accountName"] = "mkt",
            ["AzureWebJobsStorage:tableServiceUri"] = "https://mkt.table.core.windows.net/",
            ["AzureWebJobsStorage:queueServiceUri"] = "https://mkt.queue.core.windows.net/",
            ["AzureWebJobsStorage:blobServiceUri"] = "https://mkt.blob.core.windows.net/",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000042",
        })).BuildServiceProvider();
        Assert.Equal("https://mkt.table.core.windows.net/", provider.GetRequiredService<TableServiceClient>().Uri.ToString());
        Assert.Equal("https://mkt.queue.core.windows.net/", provider.GetRequiredService<QueueServiceClient>().Uri.ToString());
        Assert.Equal("https://mkt.blob.core.windows.net/", provider.GetRequiredService<BlobServiceClient>().Uri.ToString());
    }

    [Fact]
    public async Task An_account_name_alone_is_enough()
    {
        await using var provider = new ServiceCollection().AddStorageClients(Section(new() { ["AzureWebJobsStorage:accountName"] = "mkt" })).BuildServiceProvider();
        Assert.Equal("https://mkt.queue.core.windows.net/", provider.GetRequiredService<QueueServiceClient>().Uri.ToString());
    }

    [Fact]
    public void An_unresolved_key_vault_reference_is_not_an_admin_key()
    {
        var options = new MarketplaceOptions { AdminKey = "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/marketplace-admin-key)" };
        var failure = new DataAnnotationValidateOptions<MarketplaceOptions>(null).Validate(null, options);
        Assert.True(failure.Failed);
        Assert.Contains("Key Vault reference", failure.FailureMessage);
    }
}
