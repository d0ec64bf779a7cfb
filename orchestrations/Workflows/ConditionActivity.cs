using Marketplace.Workflows;
using Marketplace.Workflows.Engine;
using Microsoft.DurableTask;

namespace Marketplace.Orchestrations.Workflows;

/// <summary>Evaluates a condition step over the run's data.</summary>
public sealed class ConditionActivity(ControlSteps control) : TaskActivity<StepCall, StepOutcome>
{
    public override Task<StepOutcome> RunAsync(TaskActivityContext context, StepCall input) => RunAsync(input);

    public Task<StepOutcome> RunAsync(StepCall input) => control.ConditionAsync(input, CancellationToken.None);
}
