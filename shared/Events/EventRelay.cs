using Marketplace.Serialization;
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

    /// <summary>
    /// A message holds one event or an <see cref="IntegrationEventBatch"/>, relayed in order; a failure redelivers the
    /// whole message, so an event is relayed at least once (events carry stable ids for their consumers to dedupe).
    /// </summary>
    public async Task HandleAsync(string message, CancellationToken ct)
    {
        using var document = JsonDocument.Parse(message);
        IReadOnlyList<IntegrationEvent> events = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("events", out _)
            ? (document.Deserialize<IntegrationEventBatch>(Json.Lenient) ?? throw new InvalidDataException("The queue message holds no events.")).Events
            : [document.Deserialize<IntegrationEvent>(Json.Lenient) ?? throw new InvalidDataException("The queue message holds no event.")];
        foreach (var evt in events)
        {
            foreach (var projector in projectors) await projector.ProjectAsync(evt, ct);
            await publisher.PublishAsync(evt, ct);
        }
    }
}
