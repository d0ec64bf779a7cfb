using Marketplace.Queues;
using Marketplace.Webhooks;
using Microsoft.Azure.Functions.Worker;

namespace Marketplace.Functions.Queues;

public sealed class WebhookDeliveryFunction(WebhookDeliveryWorker worker)
{
    [Function("deliver-webhooks")]
    public Task Run([QueueTrigger(QueueNames.WebhookDeliveries, Connection = "AzureWebJobsStorage")] string message, CancellationToken ct) =>
        worker.HandleAsync(message, ct);
}
