using Azure.Storage.Queues;
using Marketplace.Storage;
using Microsoft.Extensions.Options;

namespace Marketplace.Queues;

/// <summary>Every queue the marketplace uses (and its poison queue), created at start-up.</summary>
public sealed class StorageQueues(QueueServiceClient service, IOptions<StorageOptions> options)
{
    public QueueClient Get(string name) => service.GetQueueClient(options.Value.Queue(name));

    public async Task CreateAllAsync(CancellationToken ct)
    {
        foreach (var name in QueueNames.All)
        {
            await Get(name).CreateIfNotExistsAsync(cancellationToken: ct);
            await Get(QueueNames.Poison(name)).CreateIfNotExistsAsync(cancellationToken: ct);
        }
    }
}
