using System.Text.Json;
using Marketplace.Http;
using Marketplace.Queues;

namespace Marketplace.Billing;

/// <summary>Queues usage events for the billing worker (a Storage queue, so a slow ledger never slows a call).</summary>
public sealed class UsageRecorder(StorageQueues queues)
{
    public Task RecordAsync(UsageEvent usage, CancellationToken ct) =>
        queues.Get(QueueNames.UsageEvents).SendMessageAsync(JsonSerializer.Serialize(usage, Json.Lenient), ct);
}
