using Marketplace.Workflows;
using Marketplace.Workflows.Engine;
using Marketplace.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Marketplace.Orchestrations.Workflows;

/// <summary>Looks at, or cancels, an agent step's task.</summary>
public sealed class AgentTaskActivity(AgentSteps agents) : TaskActivity<AgentTaskCheck, StepOutcome>
{
    public override Task<StepOutcome> RunAsync(TaskActivityContext context, AgentTaskCheck input) => RunAsync(input);

    /// <param name="durable">In Azure, the client the Functions host binds: the gateway starts and signals task lifecycles with it.</param>
    public async Task<StepOutcome> RunAsync(AgentTaskCheck input, DurableTaskClient? durable = null)
    {
        using var client = DurableClients.Bind(durable);
        return await agents.CheckAsync(input, CancellationToken.None);
    }
}
