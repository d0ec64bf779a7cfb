using Marketplace.A2A.Gateway;
using Marketplace.A2A.Lifecycle;
using Marketplace.A2A.Protocol;
using Microsoft.DurableTask;

namespace Marketplace.Orchestrations.A2A;

/// <summary>
/// Follows one gateway task until it ends: relays the agent's progress into the task record (unless a live stream
/// relay holds the lease), waits for the caller's input when the agent asks for it, fails the task when a deadline
/// passes, and records its usage exactly once at the end. Deterministic: all I/O happens in activities.
/// </summary>
public static class TaskLifecycleOrchestration
{
    static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromSeconds(2), backoffCoefficient: 2));

    // Signals raised during a round wait in this execution's queue; a fresh history only after this many rounds keeps
    // it small without relying on a backend to carry unprocessed events over.
    const int RoundsPerExecution = 100;

    public static async Task<TaskState> RunAsync(TaskOrchestrationContext context, TaskLifecycleInput input)
    {
        var task = new TaskRef(input.TenantId, input.TaskId);
        var state = TaskState.Unspecified;
        for (var round = 0; round < RoundsPerExecution; round++)
        {
            var outcome = await context.CallActivityAsync<FollowOutcome>(nameof(FollowTaskActivity), task, Retry);
            state = outcome.State;
            if (state.IsTerminal()) return await FinishAsync(context, task, state);
            if (context.CurrentUtcDateTime >= input.Deadline.UtcDateTime) return await ExpireAsync(context, task, "The task ran past its deadline.");

            if (outcome.LeasedUntil is { } leasedUntil)
            {
                // A live relay is following; look again when its lease would run out.
                await context.CreateTimer(leasedUntil.UtcDateTime.AddSeconds(1), CancellationToken.None);
            }
            else if (state.IsInterrupted())
            {
                using var timeout = new CancellationTokenSource();
                var signal = context.WaitForExternalEvent<string>(LifecycleSignals.EventName);
                var expiry = context.CreateTimer(context.CurrentUtcDateTime + input.InputTimeout, timeout.Token);
                if (await Task.WhenAny(signal, expiry) == expiry) return await ExpireAsync(context, task, "No input arrived in time.");
                timeout.Cancel();
            }
        }
        context.ContinueAsNew(input, preserveUnprocessedEvents: true);
        return state;
    }

    static async Task<TaskState> ExpireAsync(TaskOrchestrationContext context, TaskRef task, string reason)
    {
        var state = await context.CallActivityAsync<TaskState>(nameof(ExpireTaskActivity), new ExpireTaskInput(task.TenantId, task.TaskId, reason), Retry);
        return await FinishAsync(context, task, state);
    }

    static async Task<TaskState> FinishAsync(TaskOrchestrationContext context, TaskRef task, TaskState state)
    {
        await context.CallActivityAsync(nameof(RecordTaskUsageActivity), task, Retry);
        return state;
    }
}
