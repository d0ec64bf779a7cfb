using Marketplace.Workflows;
using Marketplace.Workflows.Engine;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Marketplace.Orchestrations.Workflows;

/// <summary>Looks at, or cancels, an agent step's task.</summary>
/// <param name="hostClient">Standalone, the host's own Durable client; in Azure there is none in DI, and the function passes the one it binds.</param>
public sealed class AgentTaskActivity(AgentSteps agents, DurableTaskClient? hostClient = null) : TaskActivity<AgentTaskCheck, StepOutcome>
{
    public override Task<StepOutcome> RunAsync(TaskActivityContext context, AgentTaskCheck input) => RunAsync(input, HostClients.Require(hostClient));

    /// <param name="durable">The client the gateway starts and signals task lifecycles with.</param>
    public Task<StepOutcome> RunAsync(AgentTaskCheck input, DurableTaskClient durable) => agents.CheckAsync(input, durable, CancellationToken.None);
}
