using Marketplace.Workflows;
using Marketplace.Workflows.Engine;
using Microsoft.DurableTask;

namespace Marketplace.Orchestrations.Workflows;

/// <summary>Calls a tool step's MCP hub tool, once per attempt.</summary>
public sealed class ToolStepActivity(ToolSteps tools) : TaskActivity<StepCall, StepOutcome>
{
    public override Task<StepOutcome> RunAsync(TaskActivityContext context, StepCall input) => RunAsync(input);

    public Task<StepOutcome> RunAsync(StepCall input) => tools.CallAsync(input, CancellationToken.None);
}
