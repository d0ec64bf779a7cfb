using System.Text.Json;
using Marketplace.Http;
using Marketplace.Queues;

namespace Marketplace.Events;

/// <summary>Queues events so a slow or unavailable topic never fails the request that raised them.</summary>
public sealed class QueuedIntegrationEvents(StorageQueues queues) : IIntegrationEvents
{
    // A Base64 queue message holds 48 KiB of text; a task's event is under 1 KiB.
    const int MaxMessageChars = 32 * 1024;

    public Task PublishAsync(IntegrationEvent evt, CancellationToken ct) =>
        queues.Get(QueueNames.IntegrationEvents).SendMessageAsync(JsonSerializer.Serialize(evt, Json.Lenient), ct);

    public async Task PublishAsync(IReadOnlyList<IntegrationEvent> events, CancellationToken ct)
    {
        if (events.Count == 1)
        {
            await PublishAsync(events[0], ct);
            return;
        }
        var queue = queues.Get(QueueNames.IntegrationEvents);
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
