using Marketplace.Billing;
using Marketplace.Queues;
using Microsoft.Azure.Functions.Worker;

namespace Marketplace.Functions.Queues;

public sealed class BillingFunction(UsageApplier applier)
{
    [Function("apply-usage-events")]
    public Task Run([QueueTrigger(QueueNames.UsageEvents, Connection = "AzureWebJobsStorage")] string message, CancellationToken ct) =>
        applier.HandleAsync(message, ct);
}
