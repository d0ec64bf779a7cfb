using Marketplace.Analytics;
using Marketplace.Queues;
using Microsoft.Azure.Functions.Worker;

namespace Marketplace.Functions.Queues;

public sealed class AnalyticsFunction(AnalyticsWorker worker)
{
    [Function("aggregate-analytics-events")]
    public Task Run([QueueTrigger(QueueNames.AnalyticsEvents, Connection = "AzureWebJobsStorage")] string message, CancellationToken ct) =>
        worker.HandleAsync(message, ct);
}
