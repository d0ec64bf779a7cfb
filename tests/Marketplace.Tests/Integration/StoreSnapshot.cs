using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Integration;

/// <summary>
/// Every entity (key and ETag) and blob (name and ETag) of the platform's storage, so a test can prove a request
/// wrote nothing. Rate-limit counters are left out: counting a refused request is not a write of its input.
/// </summary>
public sealed record StoreSnapshot(IReadOnlySet<string> Items)
{
    static readonly string[] Uncounted = ["RateLimits"];

    public static async Task<StoreSnapshot> TakeAsync(PlatformFixture platform)
    {
        var items = new HashSet<string>(StringComparer.Ordinal);
        var tables = new TableServiceClient(platform.Azurite.ConnectionString);
        await foreach (var table in tables.QueryAsync())
        {
            if (!table.Name.StartsWith(platform.StoragePrefix, StringComparison.Ordinal) || Uncounted.Any(u => table.Name.EndsWith(u, StringComparison.Ordinal))) continue;
            await foreach (var e in tables.GetTableClient(table.Name).QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
                items.Add($"{table.Name}|{e.PartitionKey}|{e.RowKey}|{e.ETag}");
        }
        var blobs = new BlobServiceClient(platform.Azurite.ConnectionString);
        await foreach (var container in blobs.GetBlobContainersAsync(prefix: platform.StoragePrefix))
            await foreach (var blob in blobs.GetBlobContainerClient(container.Name).GetBlobsAsync())
                items.Add($"{container.Name}/{blob.Name}|{blob.Properties.ETag}");
        return new StoreSnapshot(items);
    }

    /// <summary>
    /// Waits until background work has stopped writing: every queue of the platform is empty (the workers have
    /// taken and finished each message) and two snapshots a second apart agree.
    /// </summary>
    public static async Task SettledAsync(PlatformFixture platform)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var queues = new Azure.Storage.Queues.QueueServiceClient(platform.Azurite.ConnectionString);
        var last = await TakeAsync(platform);
        var stable = 0;
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var next = await TakeAsync(platform);
            var pending = 0;
            await foreach (var queue in queues.GetQueuesAsync(prefix: platform.StoragePrefix))
                if (!queue.Name.EndsWith("-poison", StringComparison.Ordinal))
                    pending += (await queues.GetQueueClient(queue.Name).GetPropertiesAsync()).Value.ApproximateMessagesCount;
            stable = next.Since(last).Count == 0 ? stable + 1 : 0;
            // Quiet with nothing queued; or quiet for long enough that what is queued is nobody's work.
            if ((pending == 0 && stable >= 1) || stable >= 5) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Storage kept changing: " + string.Join("; ", next.Since(last).Take(5)));
            last = next;
        }
    }

    /// <summary>What appeared or changed since <paramref name="before"/>, and what disappeared.</summary>
    public IReadOnlyList<string> Since(StoreSnapshot before) =>
        [.. Items.Except(before.Items).Select(i => "+ " + i), .. before.Items.Except(Items).Select(i => "- " + i)];
}
