using Marketplace.Queues;
using Marketplace.Registry;
using Marketplace.Storage;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Marketplace.Hosting;

/// <summary>Creates tables, queues and (when asked) Cosmos containers before anything else starts.</summary>
public sealed class StorageInitializer(Tables tables, StorageQueues queues, IServiceProvider services, IOptions<DocumentsOptions> documents) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await tables.CreateAllAsync(cancellationToken);
        await queues.CreateAllAsync(cancellationToken);
        var cosmos = documents.Value.Cosmos;
        if (documents.Value.Provider == DocumentsProvider.Cosmos && cosmos.CreateIfMissing)
        {
            var client = services.GetRequiredService<CosmosClient>();
            var database = (await client.CreateDatabaseIfNotExistsAsync(cosmos.Database, cancellationToken: cancellationToken)).Database;
            await database.CreateContainerIfNotExistsAsync(CosmosAgentStore.AgentsContainer, "/tenantId", cancellationToken: cancellationToken);
            await database.CreateContainerIfNotExistsAsync(CosmosAgentStore.DirectoryContainer, "/id", cancellationToken: cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
