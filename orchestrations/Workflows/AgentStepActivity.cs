using Marketplace.Workflows;
using Marketplace.Workflows.Engine;
using Marketplace.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Marketplace.Orchestrations.Workflows;

/// <summary>Sends an agent step's message through the gateway, once per attempt.</summary>
public sealed class AgentStepActivity(AgentSteps agents) : TaskActivity<StepCall, StepOutcome>
{
    public override Task<StepOutcome> RunAsync(TaskActivityContext context, StepCall input) => RunAsync(input);

    /// <param name="durable">In Azure, the client the Functions host binds: the gateway starts and signals task lifecycles with it.</param>
    public async Task<StepOutcome> RunAsync(StepCall input, DurableTaskClient? durable = null)
    {
        using var client = DurableClients.Bind(durable);
        return await agents.StartAsync(input, CancellationToken.None);
    }
}
