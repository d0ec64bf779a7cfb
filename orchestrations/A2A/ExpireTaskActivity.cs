using Marketplace.A2A.Gateway;
using Marketplace.A2A.Protocol;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using TaskStatus = Marketplace.A2A.Protocol.TaskStatus;

namespace Marketplace.Orchestrations.A2A;

public sealed record ExpireTaskInput(string TenantId, string TaskId, string Reason);

/// <summary>Fails a task whose deadline passed, and asks its agent to stop working on it.</summary>
/// <param name="hostClient">Standalone, the host's own Durable client; in Azure there is none in DI, and the function passes the one it binds.</param>
public sealed class ExpireTaskActivity(TaskWriter writer, TaskFollowers followers, TimeProvider clock, ILogger<ExpireTaskActivity> logger, DurableTaskClient? hostClient = null)
    : TaskActivity<ExpireTaskInput, TaskState>
{
    public override Task<TaskState> RunAsync(TaskActivityContext context, ExpireTaskInput input) => RunAsync(input, HostClients.Require(hostClient));

    /// <param name="durable">The client the failure's push is queued with.</param>
    public async Task<TaskState> RunAsync(ExpireTaskInput input, DurableTaskClient durable)
    {
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
        return (await writer.ApplyAsync(input.TenantId, input.TaskId, update, durable, CancellationToken.None)).State;
    }
}
