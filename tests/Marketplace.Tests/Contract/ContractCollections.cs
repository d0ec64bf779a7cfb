using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Marketplace.Registry;
using Marketplace.Storage;
using Marketplace.Tests.Infrastructure;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;
using Xunit;

namespace Marketplace.Tests.Contract;

[CollectionDefinition("azurite-contract")]
public sealed class AzuriteContractCollection : ICollectionFixture<AzuriteFixture>;

[CollectionDefinition("cosmos-contract")]
public sealed class CosmosContractCollection : ICollectionFixture<CosmosFixture>;

/// <summary>Real adapters on the emulators, each test class in its own namespace (table prefix or database).</summary>
public static class ContractStores
{
    public static async Task<Tables> TablesAsync(AzuriteFixture azurite) => (await StorageAsync(azurite)).Tables;

    public static async Task<(Tables Tables, BlobServiceClient Blobs, IOptions<StorageOptions> Options)> StorageAsync(AzuriteFixture azurite)
    {
        var options = Options.Create(new StorageOptions { Prefix = "c" + Guid.NewGuid().ToString("N")[..10] });
        var tables = new Tables(new TableServiceClient(azurite.ConnectionString), options);
        await tables.CreateAllAsync(CancellationToken.None);
        return (tables, new BlobServiceClient(azurite.ConnectionString), options);
    }

    public static async Task<(CosmosClient Client, IOptions<DocumentsOptions> Options)> CosmosAsync(CosmosFixture cosmos)
    {
        var settings = new CosmosSettings
        {
            ConnectionString = $"AccountEndpoint={cosmos.Endpoint};AccountKey={CosmosFixture.Key};",
            TrustEmulatorCertificate = true,
            Database = "db" + Guid.NewGuid().ToString("N")[..10],
        };
        var client = CosmosClients.Create(settings);
        var database = (await client.CreateDatabaseIfNotExistsAsync(settings.Database)).Database;
        await database.CreateContainerIfNotExistsAsync(CosmosAgentStore.AgentsContainer, "/tenantId");
        await database.CreateContainerIfNotExistsAsync(CosmosAgentStore.DirectoryContainer, "/id");
        return (client, Options.Create(new DocumentsOptions { Provider = DocumentsProvider.Cosmos, Cosmos = settings }));
    }
}
