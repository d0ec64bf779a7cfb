using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Marketplace.Events;

/// <summary>
/// The standalone host's topic: no Service Bus can run locally, so events are logged and the most recent kept for
/// <c>GET /api/admin/events</c>. Duplicate ids are dropped, as Service Bus duplicate detection would.
/// </summary>
public sealed class LocalEventPublisher(ILogger<LocalEventPublisher> logger) : IEventPublisher
{
    const int Capacity = 1000;
    readonly ConcurrentQueue<IntegrationEvent> recent = new();
    readonly ConcurrentDictionary<string, byte> seen = new();

    public Task PublishAsync(IntegrationEvent evt, CancellationToken ct)
    {
        if (!seen.TryAdd(evt.Id, 0)) return Task.CompletedTask;
        recent.Enqueue(evt);
        while (recent.Count > Capacity && recent.TryDequeue(out var dropped)) seen.TryRemove(dropped.Id, out _);
        logger.LogInformation("Event {EventType} {EventId} on {Topic} for tenant {TenantId}", evt.Type, evt.Id, evt.Topic, evt.TenantId);
        return Task.CompletedTask;
    }

    public IReadOnlyList<IntegrationEvent> Recent(string? topic) =>
        recent.Where(e => topic is null || e.Topic == topic).Reverse().ToList();
}
