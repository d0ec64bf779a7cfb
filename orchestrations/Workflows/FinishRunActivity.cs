using Marketplace.Workflows;
using Marketplace.Workflows.Engine;
using Microsoft.DurableTask;

namespace Marketplace.Orchestrations.Workflows;

/// <summary>Records the run's end and output, and reports it with every step that ran.</summary>
public sealed class FinishRunActivity(RunLifecycle lifecycle) : TaskActivity<RunFinish, RunState>
{
    public override Task<RunState> RunAsync(TaskActivityContext context, RunFinish input) => RunAsync(input);

    public Task<RunState> RunAsync(RunFinish input) => lifecycle.FinishAsync(input, CancellationToken.None);
}
