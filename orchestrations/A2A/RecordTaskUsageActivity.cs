using Marketplace.A2A.Lifecycle;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Marketplace.Orchestrations.A2A;

/// <summary>Queues the finished task's usage record (deterministic id: a retried activity bills once).</summary>
public sealed class RecordTaskUsageActivity(TaskUsage usage, ILogger<RecordTaskUsageActivity> logger) : TaskActivity<TaskRef, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, TaskRef input) => RunAsync(input);

    public async Task<bool> RunAsync(TaskRef input)
    {
        using var scope = LogScopes.Task(logger, input.TenantId, input.TaskId);
        await usage.RecordAsync(input.TenantId, input.TaskId, CancellationToken.None);
        return true;
    }
}
