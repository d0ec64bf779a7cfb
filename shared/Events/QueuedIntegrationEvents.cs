using Marketplace.Serialization;
using System.Text.Json;
using Marketplace.Billing;
using Marketplace.Http;
using Marketplace.Queues;

namespace Marketplace.Events;

/// <summary>
/// Queues events so a slow or unavailable topic never fails the request that raised them. One tenant's events raised
/// while its previous message is being sent go out together in one message (group commit): a workflow's parallel
/// branches, or many runs' steps at once, cost one send and one relay instead of one each. A lone event is sent at
/// once, as before; each caller returns only once its event is queued.
/// </summary>
public sealed class QueuedIntegrationEvents : IIntegrationEvents
{
    // A Base64 queue message holds 48 KiB of text; a task's event is under 1 KiB.
    const int MaxMessageChars = 32 * 1024;

    /// <summary>Events joined in one commit; the message is split further by size.</summary>
    const int MaxBatch = 32;

    readonly StorageQueues queues;
    readonly GroupCommit<IntegrationEvent, bool> sends;

    public QueuedIntegrationEvents(StorageQueues queues)
    {
        this.queues = queues;
        sends = new GroupCommit<IntegrationEvent, bool>(async (_, batch) =>
        {
            // The commit runs apart from any one caller, so no caller's token may stop it.
            await SendAsync(batch, CancellationToken.None);
            return [.. batch.Select(_ => true)];
        }, MaxBatch);
    }

    public Task PublishAsync(IntegrationEvent evt, CancellationToken ct) => sends.SubmitAsync(evt.TenantId, evt, ct);

    public Task PublishAsync(IReadOnlyList<IntegrationEvent> events, CancellationToken ct) =>
        events.Count == 1 ? PublishAsync(events[0], ct) : SendAsync(events, ct);

    /// <summary>As few messages as hold the events, in order: one event alone as itself, several as a batch.</summary>
    async Task SendAsync(IReadOnlyList<IntegrationEvent> events, CancellationToken ct)
    {
        var queue = queues.Get(QueueNames.IntegrationEvents);
        if (events.Count == 1)
        {
            await queue.SendMessageAsync(JsonSerializer.Serialize(events[0], Json.Lenient), ct);
            return;
        }
        var chunk = new List<IntegrationEvent>();
        var size = 0;
        foreach (var evt in events)
        {
            var length = JsonSerializer.Serialize(evt, Json.Lenient).Length;
            if (chunk.Count > 0 && size + length > MaxMessageChars)
            {
                await queue.SendMessageAsync(JsonSerializer.Serialize(new IntegrationEventBatch(chunk), Json.Lenient), ct);
                (chunk, size) = ([], 0);
            }
            chunk.Add(evt);
            size += length + 1;
        }
        if (chunk.Count > 0) await queue.SendMessageAsync(JsonSerializer.Serialize(new IntegrationEventBatch(chunk), Json.Lenient), ct);
    }
}
