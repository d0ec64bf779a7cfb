using Marketplace.A2A.Gateway;
using Marketplace.A2A.Lifecycle;
using Marketplace.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Orchestrations.A2A;

/// <summary>Relays the agent's progress into the task record for a while (see <see cref="TaskFollowers.FollowAsync"/>).</summary>
public sealed class FollowTaskActivity(TaskFollowers followers, IOptions<LifecycleOptions> options, ILogger<FollowTaskActivity> logger) : TaskActivity<TaskRef, FollowOutcome>
{
    public override Task<FollowOutcome> RunAsync(TaskActivityContext context, TaskRef input) => RunAsync(input);

    /// <param name="durable">In Azure, the client the Functions host binds: pushes of relayed events are raised with it.</param>
    public async Task<FollowOutcome> RunAsync(TaskRef input, DurableTaskClient? durable = null)
    {
        using var client = DurableClients.Bind(durable);
        using var scope = LogScopes.Task(logger, input.TenantId, input.TaskId);
        return await followers.FollowAsync(input.TenantId, input.TaskId, options.Value.FollowBudget, CancellationToken.None);
    }
}
