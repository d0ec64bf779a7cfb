using Marketplace.A2A.Gateway;
using Marketplace.A2A.Lifecycle;
using Marketplace.A2A.Protocol;
using Marketplace.Orchestrations.A2A;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Durable;

public sealed class TaskLifecycleFunctions(FollowTaskActivity follow, ExpireTaskActivity expire, RecordTaskUsageActivity usage)
{
    [Function(DurableTaskLifecycle.OrchestrationName)]
    public Task<TaskState> Orchestrate([OrchestrationTrigger] TaskOrchestrationContext context) =>
        TaskLifecycleOrchestration.RunAsync(context, context.GetInput<TaskLifecycleInput>()!);

    [Function(nameof(FollowTaskActivity))]
    public Task<FollowOutcome> Follow([ActivityTrigger] TaskRef input, [DurableClient] DurableTaskClient durable) => follow.RunAsync(input, durable);

    [Function(nameof(ExpireTaskActivity))]
    public Task<TaskState> Expire([ActivityTrigger] ExpireTaskInput input, [DurableClient] DurableTaskClient durable) => expire.RunAsync(input, durable);

    [Function(nameof(RecordTaskUsageActivity))]
    public Task<bool> RecordUsage([ActivityTrigger] TaskRef input) => usage.RunAsync(input);
}
