using System.Text.Json;
using Marketplace.Events;

namespace Marketplace.Workflows.Engine;

/// <summary>
/// Writes a step's state to the run's step rows and reports finished steps and requested approvals as integration
/// events. Safe to repeat: an activity retried after a crash writes the same row and the same event ids again.
/// </summary>
public sealed class StepRecorder(RunStore runs, Payloads payloads, IIntegrationEvents events, TimeProvider clock)
{
    /// <summary>Records the step and returns its output as stored (large outputs become payload references).</summary>
    /// <param name="seenAbsent">The caller expects no row for the step: it has just found none, or it records a first attempt's start (see <see cref="RunStore.ChangeStepAsync"/>).</param>
    public async Task<JsonElement?> RecordAsync(StepRecord record, RunStep? template, CancellationToken ct, bool seenAbsent = false)
    {
        var (tenantId, runId) = (record.Caller.TenantId, record.Caller.RunId);
        var output = record.Output is { } o ? await payloads.ShrinkAsync(tenantId, runId, record.StepPath, o, ct) : (JsonElement?)null;
        var now = clock.GetUtcNow();
        var finished = record.State is not (StepState.Running or StepState.Waiting);
        var saved = await runs.ChangeStepAsync(tenantId, runId, record.StepPath, current =>
        {
            // Compensation marks whatever attempt completed; otherwise a late write of an earlier attempt never overwrites a newer one.
            var attempt = record.State == StepState.Compensated && current is not null ? current.Attempt : record.Attempt;
            if (current is not null && current.Attempt > attempt) return current;
            if (current is not null && current.Attempt == attempt && current.State == record.State) return current;
            var started = current is not null && current.Attempt == attempt ? current.StartedAt : now;
            return (template ?? current ?? new RunStep(record.StepPath, record.Kind, record.State, attempt, started)) with
            {
                Kind = record.Kind,
                State = record.State,
                Attempt = attempt,
                StartedAt = started,
                FinishedAt = finished ? now : null,
                Output = output,
                Error = record.Error,
                InstanceId = record.InstanceId ?? template?.InstanceId,
                Deadline = record.Deadline,
                Prompt = record.Prompt,
                DependsOn = record.DependsOn.Count > 0 ? record.DependsOn : template?.DependsOn ?? current?.DependsOn ?? [],
                Decision = current?.Attempt == attempt ? current.Decision : null,
            };
        }, ct, seenAbsent);
        if (saved is null) return output;
        if (finished) await events.PublishAsync(WorkflowEvents.Step(tenantId, runId, Execution(saved, 0), now), ct);
        else if (record.State == StepState.Waiting && record.Deadline is { } deadline)
            await events.PublishAsync(WorkflowEvents.Approval(tenantId, runId, record.StepPath, deadline, now), ct);
        return saved.Output;
    }

    public static WorkflowStepExecution Execution(RunStep step, int order) =>
        new(step.StepPath, step.Kind.ToString().ToLowerInvariant(), order, step.State.ToString().ToLowerInvariant(), step.StartedAt)
        {
            AgentId = step.AgentId,
            SkillId = step.SkillId,
            TaskId = step.TaskId,
            Tool = step.Tool,
            FinishedAt = step.FinishedAt,
            DependsOn = step.DependsOn,
        };

    /// <summary>The paths of the earlier steps a step's templates read (the run's data keeps each step's path).</summary>
    public static IReadOnlyList<string> DependsOn(WorkflowStep step, JsonElement data)
    {
        var templates = new[] { step.Message, step.Arguments, step.Items }.Where(t => t is not null).Select(t => t!.Value);
        var pointers = templates.SelectMany(t => DataRefs.Find(t, "$").Select(f => f.Pointer));
        if (step.If is { } expression) pointers = pointers.Concat(Conditions.Check(expression).Pointers);
        var paths = new List<string>();
        foreach (var pointer in pointers)
        {
            var segments = pointer.Split('/');
            if (segments is not ["", "steps", var id, ..]) continue;
            if (DataRefs.Evaluate($"/steps/{id}/path", data) is { ValueKind: JsonValueKind.String } path && !paths.Contains(path.GetString()!))
                paths.Add(path.GetString()!);
        }
        return paths;
    }
}
