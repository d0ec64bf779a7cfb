using Marketplace.A2A.Lifecycle;
using Marketplace.A2A.Protocol;
using Marketplace.A2A.Tasks;
using Microsoft.DurableTask.Client;

namespace Marketplace.Workflows.Engine;

/// <summary>
/// The gateway's tasks as agent steps see them: the task record a step looks at, and the lifecycle that keeps that
/// record up to date with the agent, which a step must be sure is running for any task it finds again.
/// </summary>
public sealed class StepTasks(ITaskStore tasks, ITaskLifecycle lifecycle)
{
    public Task<StoredTask?> GetAsync(string tenantId, string taskId, CancellationToken ct) => tasks.GetAsync(tenantId, taskId, ct);

    /// <summary>
    /// A task found again after a crash may have been saved by the gateway just before the process died, before its
    /// lifecycle (which brings the agent's progress into the task record) was started; starting it again is harmless.
    /// </summary>
    public async Task EnsureFollowedAsync(string tenantId, string taskId, DurableTaskClient durable, CancellationToken ct)
    {
        if (await tasks.GetAsync(tenantId, taskId, ct) is { } stored && !stored.Task.State.IsTerminal()) await lifecycle.StartAsync(stored.Task, durable, ct);
    }
}
