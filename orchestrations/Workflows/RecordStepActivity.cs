using Marketplace.Workflows;
using Marketplace.Workflows.Engine;
using Microsoft.DurableTask;

namespace Marketplace.Orchestrations.Workflows;

/// <summary>Records a control step's state (parallel, map, delay, approval, failed attempts).</summary>
public sealed class RecordStepActivity(StepRecorder recorder) : TaskActivity<StepRecord, RecordedStep>
{
    public override Task<RecordedStep> RunAsync(TaskActivityContext context, StepRecord input) => RunAsync(input);

    /// <remarks>
    /// A first attempt's start (a parallel or map step running, a delay, an approval waiting) is the step's first row,
    /// so it is added without looking first; should the row exist (the activity ran before a crash), the add fails
    /// and the usual read and replace follow.
    /// </remarks>
    public async Task<RecordedStep> RunAsync(StepRecord input) =>
        new() { Output = await recorder.RecordAsync(input, null, CancellationToken.None, seenAbsent: input is { State: StepState.Running or StepState.Waiting, Attempt: 1 }) };
}
