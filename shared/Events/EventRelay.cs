using System.Text.Json;
using Marketplace.Http;
using Marketplace.Queues;

namespace Marketplace.Events;

/// <summary>
/// The queue worker that feeds the marketplace's own read models (the knowledge graph) with each queued event, then
/// moves it onto its topic. Running the projections here, not behind a topic subscription, feeds them the same way in
/// Azure and standalone.
/// </summary>
public sealed class EventRelay(IEventPublisher publisher, IEnumerable<IEventProjector> projectors) : IQueueHandler
{
    public string Queue => QueueNames.IntegrationEvents;

    public async Task HandleAsync(string message, CancellationToken ct)
    {
        var evt = JsonSerializer.Deserialize<IntegrationEvent>(message, Json.Lenient)
            ?? throw new InvalidDataException("The queue message holds no event.");
        foreach (var projector in projectors) await projector.ProjectAsync(evt, ct);
        await publisher.PublishAsync(evt, ct);
    }
}
