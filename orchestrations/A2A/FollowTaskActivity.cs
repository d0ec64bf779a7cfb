using Marketplace.A2A.Gateway;
using Marketplace.A2A.Lifecycle;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Orchestrations.A2A;

/// <summary>Relays the agent's progress into the task record for a while (see <see cref="TaskFollowers.FollowAsync"/>).</summary>
/// <param name="hostClient">Standalone, the host's own Durable client; in Azure there is none in DI, and the function passes the one it binds.</param>
public sealed class FollowTaskActivity(TaskFollowers followers, IOptions<LifecycleOptions> options, ILogger<FollowTaskActivity> logger, DurableTaskClient? hostClient = null)
    : TaskActivity<TaskRef, FollowOutcome>
{
    public override Task<FollowOutcome> RunAsync(TaskActivityContext context, TaskRef input) => RunAsync(input, HostClients.Require(hostClient));

    /// <param name="durable">The client pushes of relayed events are raised with.</param>
    public async Task<FollowOutcome> RunAsync(TaskRef input, DurableTaskClient durable)
    {
        using var scope = LogScopes.Task(logger, input.TenantId, input.TaskId);
        return await followers.FollowAsync(input.TenantId, input.TaskId, options.Value.FollowBudget, durable, CancellationToken.None);
    }
}
