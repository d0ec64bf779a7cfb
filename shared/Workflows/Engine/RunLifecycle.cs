using System.Text.Json;
using Marketplace.Events;
using Microsoft.Extensions.Options;

namespace Marketplace.Workflows.Engine;

/// <summary>The run's first and last activities: load what the orchestration needs, and record how it ended.</summary>
public sealed class RunLifecycle(RunStore runs, WorkflowStore workflows, Payloads payloads, IIntegrationEvents events, IOptions<WorkflowOptions> options, TimeProvider clock)
{
    public async Task<LoadedRun> LoadAsync(RunRef runRef, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var run = await runs.StartAsync(runRef.TenantId, runRef.RunId, now, ct) ?? throw new InvalidOperationException($"Run {runRef.RunId} does not exist.");
        // The definition and the started event depend only on the run as read, so they go out together. A repeated load
        // announces again with the same event id, so an announcement lost to a crash is made up for.
        var loading = workflows.GetVersionAsync(run.TenantId, run.WorkflowId, run.Version, ct);
        var announced = run.State == RunState.Running ? events.PublishAsync(WorkflowEvents.Started(EventData(run, RunState.Running, []), now), ct) : Task.CompletedTask;
        await Task.WhenAll(loading, announced);
        var version = loading.Result ?? throw new InvalidOperationException($"Workflow {run.WorkflowId} v{run.Version} does not exist.");
        var o = options.Value;
        return new LoadedRun(version.Version.Definition, run.Input ?? JsonSerializer.SerializeToElement<object?>(null),
            new RunCaller(run.TenantId, run.RunId, run.StartedBy, run.StarterRole ?? Tenancy.Role.Developer),
            new EngineSettings((int)o.AgentPollInterval.TotalMilliseconds, o.MapItemsPerExecution, (int)o.DefaultApprovalWait.TotalSeconds) { InlineToolBranches = true });
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
        // Every step has been recorded before the run's last activity, so the step list can be read while the run row is written.
        var listing = runs.StepsAsync(tenantId, runId, ct);
        var run = await runs.UpdateAsync(tenantId, runId, r => r.State.IsFinished() ? r : r with
        {
            State = state, Output = output, Error = error, FinishedAt = now, UpdatedAt = now,
        }, ct) ?? throw new InvalidOperationException($"Run {runId} does not exist.");
        var steps = await listing;
        await events.PublishAsync(WorkflowEvents.Finished(EventData(run, run.State, steps), run.FinishedAt ?? now), ct);
        return run.State;
    }

    static WorkflowRunEventData EventData(WorkflowRun run, RunState state, IReadOnlyList<RunStep> steps) =>
        new(run.TenantId, run.RunId, run.WorkflowId, run.Version, state.ToString().ToLowerInvariant(),
            steps.Select((s, i) => StepRecorder.Execution(s, i + 1)).ToList());
}
