using System.Text.Json;
using Marketplace.Http;
using Marketplace.Queues;

namespace Marketplace.Events;

/// <summary>The queue worker that moves queued events onto their topics.</summary>
public sealed class EventRelay(IEventPublisher publisher) : IQueueHandler
{
    public string Queue => QueueNames.IntegrationEvents;

    public Task HandleAsync(string message, CancellationToken ct)
    {
        var evt = JsonSerializer.Deserialize<IntegrationEvent>(message, Json.Lenient)
            ?? throw new InvalidDataException("The queue message holds no event.");
        return publisher.PublishAsync(evt, ct);
    }
}
