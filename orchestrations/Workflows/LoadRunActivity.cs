using Marketplace.Workflows;
using Marketplace.Workflows.Engine;
using Microsoft.DurableTask;

namespace Marketplace.Orchestrations.Workflows;

/// <summary>Marks the run running and loads its definition, input and starter.</summary>
public sealed class LoadRunActivity(RunLifecycle lifecycle) : TaskActivity<RunRef, LoadedRun>
{
    public override Task<LoadedRun> RunAsync(TaskActivityContext context, RunRef input) => RunAsync(input);

    public Task<LoadedRun> RunAsync(RunRef input) => lifecycle.LoadAsync(input, CancellationToken.None);
}
