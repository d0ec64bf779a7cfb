using System.Text.Json;
using Marketplace.Events;
using Microsoft.Extensions.Options;

namespace Marketplace.Workflows.Engine;

/// <summary>The run's first and last activities: load what the orchestration needs, and record how it ended.</summary>
public sealed class RunLifecycle(RunStore runs, WorkflowStore workflows, Payloads payloads, IIntegrationEvents events, IOptions<WorkflowOptions> options, TimeProvider clock)
{
    public async Task<LoadedRun> LoadAsync(RunRef runRef, CancellationToken ct)
    {
        var run = await runs.GetAsync(runRef.TenantId, runRef.RunId, ct) ?? throw new InvalidOperationException($"Run {runRef.RunId} does not exist.");
        var version = await workflows.GetVersionAsync(run.TenantId, run.WorkflowId, run.Version, ct)
            ?? throw new InvalidOperationException($"Workflow {run.WorkflowId} v{run.Version} does not exist.");
        var now = clock.GetUtcNow();
        var started = await runs.UpdateAsync(run.TenantId, run.RunId, r => r.State == RunState.Pending ? r with { State = RunState.Running, UpdatedAt = now } : r, ct);
        if (started?.State == RunState.Running) await events.PublishAsync(WorkflowEvents.Started(EventData(run, RunState.Running, []), now), ct);
        var o = options.Value;
        return new LoadedRun(version.Version.Definition, run.Input ?? JsonSerializer.SerializeToElement<object?>(null),
            new RunCaller(run.TenantId, run.RunId, run.StartedBy, run.StarterRole ?? Tenancy.Role.Developer),
            new EngineSettings((int)o.AgentPollInterval.TotalMilliseconds, o.MapItemsPerExecution, (int)o.DefaultApprovalWait.TotalSeconds));
    }

    public async Task<RunState> FinishAsync(RunFinish finish, CancellationToken ct)
    {
        var (tenantId, runId) = (finish.Run.TenantId, finish.Run.RunId);
        var state = finish.State switch
        {
            FlowState.Completed => RunState.Completed,
            FlowState.Cancelled => RunState.Cancelled,
            FlowState.Compensated => RunState.Compensated,
            _ => RunState.Failed,
        };
        JsonElement? output = finish.Output;
        string? error = finish.Error;
        if (state == RunState.Completed && finish.OutputTemplate is { } template)
        {
            var data = await payloads.ExpandAsync(tenantId, runId, finish.Data, ct);
            output = DataRefs.Resolve(template, data);
        }
        if (output is { } o) output = await payloads.ShrinkAsync(tenantId, runId, "output", o, ct);
        var now = clock.GetUtcNow();
        var run = await runs.UpdateAsync(tenantId, runId, r => r.State.IsFinished() ? r : r with
        {
            State = state, Output = output, Error = error, FinishedAt = now, UpdatedAt = now,
        }, ct) ?? throw new InvalidOperationException($"Run {runId} does not exist.");
        var steps = await runs.StepsAsync(tenantId, runId, ct);
        await events.PublishAsync(WorkflowEvents.Finished(EventData(run, run.State, steps), run.FinishedAt ?? now), ct);
        return run.State;
    }

    static WorkflowRunEventData EventData(WorkflowRun run, RunState state, IReadOnlyList<RunStep> steps) =>
        new(run.TenantId, run.RunId, run.WorkflowId, run.Version, state.ToString().ToLowerInvariant(),
            steps.Select((s, i) => StepRecorder.Execution(s, i + 1)).ToList());
}
