using Marketplace.Workflows.Engine;
using Microsoft.DurableTask;

namespace Marketplace.Orchestrations.Workflows;

/// <summary>Records a control step's state (parallel, map, delay, approval, failed attempts).</summary>
public sealed class RecordStepActivity(StepRecorder recorder) : TaskActivity<StepRecord, RecordedStep>
{
    public override Task<RecordedStep> RunAsync(TaskActivityContext context, StepRecord input) => RunAsync(input);

    public async Task<RecordedStep> RunAsync(StepRecord input) =>
        new() { Output = await recorder.RecordAsync(input, null, CancellationToken.None) };
}
