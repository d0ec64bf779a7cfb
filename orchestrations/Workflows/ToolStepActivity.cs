using Marketplace.Workflows;
using Marketplace.Workflows.Engine;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Marketplace.Orchestrations.Workflows;

/// <summary>Calls a tool step's MCP hub tool, once per attempt.</summary>
/// <param name="hostClient">Standalone, the host's own Durable client; in Azure there is none in DI, and the function passes the one it binds.</param>
public sealed class ToolStepActivity(ToolSteps tools, DurableTaskClient? hostClient = null) : TaskActivity<StepCall, StepOutcome>
{
    public override Task<StepOutcome> RunAsync(TaskActivityContext context, StepCall input) => RunAsync(input, HostClients.Require(hostClient));

    /// <param name="durable">The client an agent-skill tool's task lifecycle is started with.</param>
    public Task<StepOutcome> RunAsync(StepCall input, DurableTaskClient durable) => tools.CallAsync(input, durable, CancellationToken.None);
}
