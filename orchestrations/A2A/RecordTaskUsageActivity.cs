using Marketplace.A2A.Lifecycle;
using Microsoft.DurableTask;

namespace Marketplace.Orchestrations.A2A;

/// <summary>Queues the finished task's usage record (deterministic id: a retried activity bills once).</summary>
public sealed class RecordTaskUsageActivity(TaskUsage usage) : TaskActivity<TaskRef, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, TaskRef input) => RunAsync(input);

    public async Task<bool> RunAsync(TaskRef input)
    {
        await usage.RecordAsync(input.TenantId, input.TaskId, CancellationToken.None);
        return true;
    }
}
