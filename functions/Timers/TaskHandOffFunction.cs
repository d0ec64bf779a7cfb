using Marketplace.A2A.Lifecycle;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Timers;

public sealed class TaskHandOffFunction(TaskHandOffs handOffs)
{
    // Every 30 s, the default A2A:Lifecycle:HandOffSweepInterval; the Functions host runs one schedule at a time.
    [Function("sweep-task-handoffs")]
    public Task Run([TimerTrigger("*/30 * * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient durable, CancellationToken ct) =>
        handOffs.SweepAsync(durable, ct);
}
