using Marketplace.Events;
using Marketplace.Queues;
using Microsoft.Azure.Functions.Worker;

namespace Marketplace.Functions.Queues;

public sealed class EventRelayFunction(EventRelay relay)
{
    [Function("relay-integration-events")]
    public Task Run([QueueTrigger(QueueNames.IntegrationEvents, Connection = "AzureWebJobsStorage")] string message, CancellationToken ct) =>
        relay.HandleAsync(message, ct);
}
