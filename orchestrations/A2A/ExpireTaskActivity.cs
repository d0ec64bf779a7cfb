using Marketplace.A2A.Gateway;
using Marketplace.A2A.Protocol;
using Marketplace.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using TaskStatus = Marketplace.A2A.Protocol.TaskStatus;

namespace Marketplace.Orchestrations.A2A;

public sealed record ExpireTaskInput(string TenantId, string TaskId, string Reason);

/// <summary>Fails a task whose deadline passed, and asks its agent to stop working on it.</summary>
public sealed class ExpireTaskActivity(TaskWriter writer, TaskFollowers followers, TimeProvider clock, ILogger<ExpireTaskActivity> logger) : TaskActivity<ExpireTaskInput, TaskState>
{
    public override Task<TaskState> RunAsync(TaskActivityContext context, ExpireTaskInput input) => RunAsync(input);

    public async Task<TaskState> RunAsync(ExpireTaskInput input, DurableTaskClient? durable = null)
    {
        using var client = DurableClients.Bind(durable);
        using var scope = LogScopes.Task(logger, input.TenantId, input.TaskId);
        logger.LogInformation("Failing task {TaskId}: {Reason}", input.TaskId, input.Reason);
        var task = await writer.GetAsync(input.TenantId, input.TaskId, CancellationToken.None);
        if (task.State.IsTerminal()) return task.State;
        await followers.TryCancelUpstreamAsync(task, CancellationToken.None);
        var status = new TaskStatus(TaskState.Failed)
        {
            Timestamp = clock.GetUtcNow(),
            Message = new Message("msg-" + Guid.NewGuid().ToString("N"), MessageRole.Agent, [Part.FromText(input.Reason)]) { TaskId = task.TaskId, ContextId = task.ContextId },
        };
        var update = new StreamResponse { StatusUpdate = new TaskStatusUpdateEvent(task.TaskId, task.ContextId, status) };
        return (await writer.ApplyAsync(input.TenantId, input.TaskId, update, CancellationToken.None)).State;
    }
}
