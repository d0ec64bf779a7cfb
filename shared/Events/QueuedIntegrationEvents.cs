using System.Text.Json;
using Marketplace.Http;
using Marketplace.Queues;

namespace Marketplace.Events;

/// <summary>Queues events so a slow or unavailable topic never fails the request that raised them.</summary>
public sealed class QueuedIntegrationEvents(StorageQueues queues) : IIntegrationEvents
{
    public Task PublishAsync(IntegrationEvent evt, CancellationToken ct) =>
        queues.Get(QueueNames.IntegrationEvents).SendMessageAsync(JsonSerializer.Serialize(evt, Json.Lenient), ct);
}
