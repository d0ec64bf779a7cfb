using Marketplace.Workflows;
using Marketplace.Workflows.Engine;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Marketplace.Orchestrations.Workflows;

/// <summary>Sends an agent step's message through the gateway, once per attempt.</summary>
/// <param name="hostClient">Standalone, the host's own Durable client; in Azure there is none in DI, and the function passes the one it binds.</param>
public sealed class AgentStepActivity(AgentSteps agents, DurableTaskClient? hostClient = null) : TaskActivity<StepCall, StepOutcome>
{
    public override Task<StepOutcome> RunAsync(TaskActivityContext context, StepCall input) => RunAsync(input, HostClients.Require(hostClient));

    /// <param name="durable">The client the gateway starts and signals task lifecycles with.</param>
    public Task<StepOutcome> RunAsync(StepCall input, DurableTaskClient durable) => agents.StartAsync(input, durable, CancellationToken.None);
}
