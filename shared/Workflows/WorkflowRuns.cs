using System.Text.Json;
using Marketplace.A2A.Tasks;
using Marketplace.Security;
using Marketplace.Tenancy;
using Marketplace.Workflows.Engine;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Marketplace.Workflows;

/// <summary>
/// Starting, deciding on and steering runs. Each run is one orchestration whose instance id is the run id, started
/// and signalled with the Durable client of the caller's operation.
/// </summary>
public sealed class WorkflowRuns(WorkflowStore workflows, RunStore runs, RunStartChecks checks, TimeProvider clock)
{
    static readonly Role[] Starters = [Role.Owner, Role.Developer, Role.Agent];

    /// <summary>Starts a run of the latest (or the given) version; the same idempotency key with the same input returns the first run.</summary>
    public async Task<(WorkflowRun Run, bool Created)> StartAsync(Caller caller, string workflowId, int? versionNumber, JsonElement? input, string? idempotencyKey,
        DurableTaskClient durable, CancellationToken ct, string? contextId = null)
    {
        if (caller.Role is not { } role || !Starters.Contains(role)) throw WorkflowRejection.Forbidden("Runs are started by owner, developer or agent keys.");
        var tenantId = caller.TenantId!;
        var (summary, _) = await workflows.GetAsync(tenantId, workflowId, ct) ?? throw WorkflowRejection.NotFound($"No workflow '{workflowId}'.");
        if (summary.Status == WorkflowStatus.Retired) throw WorkflowRejection.Conflict($"Workflow '{workflowId}' is retired; it starts no new runs.");
        var number = versionNumber ?? summary.LatestVersion;
        var value = input ?? JsonSerializer.SerializeToElement(new { });
        var inputHash = Sha256.Hex(value.GetRawText());
        await StartableVersionAsync(caller, workflowId, number, value, ct);

        var now = clock.GetUtcNow();
        var run = new WorkflowRun(tenantId, TaskIds.NewestFirst("run-", now), workflowId, number, RunState.Pending, now, now)
        {
            StartedBy = caller.Principal, StarterRole = role, Input = value, IdempotencyKey = idempotencyKey, InputHash = inputHash, ContextId = contextId,
        };
        var saved = await runs.CreateAsync(run, ct);
        if (saved.RunId != run.RunId)
        {
            if (saved.InputHash != inputHash || saved.WorkflowId != workflowId)
                throw WorkflowRejection.Conflict("This Idempotency-Key was used for a run with a different input.");
            return (saved, false);
        }
        try
        {
            await durable.ScheduleNewOrchestrationInstanceAsync(Engine.WorkflowNames.Run, new RunRef(tenantId, run.RunId), new StartOrchestrationOptions(run.RunId), ct);
        }
        catch
        {
            // Nothing half-done: without its orchestration the run would never move.
            await runs.DeleteAsync(run, CancellationToken.None);
            throw;
        }
        return (run, true);
    }

    /// <summary>
    /// Checks the input and credit against the version, then marks it used before any run of it exists, so it can
    /// never change under a run. If it was rewritten in between, the checks run again on what was written.
    /// </summary>
    async Task StartableVersionAsync(Caller caller, string workflowId, int number, JsonElement input, CancellationToken ct)
    {
        while (true)
        {
            var (version, etag) = await workflows.GetVersionAsync(caller.TenantId!, workflowId, number, ct) ?? throw WorkflowRejection.NotFound($"No version {number} of '{workflowId}'.");
            checks.ValidateInput(version.Definition, input);
            await checks.CheckCreditAsync(caller, version.Definition, ct);
            if (version.InUse || await workflows.ReplaceVersionAsync(version with { InUse = true }, etag, null, null, ct)) return;
        }
    }

    public async Task<RunView> GetAsync(string tenantId, string runId, CancellationToken ct)
    {
        var run = await runs.GetAsync(tenantId, runId, ct) ?? throw WorkflowRejection.NotFound($"No run '{runId}'.");
        return new RunView(run, await runs.StepsAsync(tenantId, runId, ct));
    }

    /// <summary>Records the decision on a waiting approval and hands it to the orchestration waiting for it.</summary>
    public async Task<RunStep> DecideAsync(Caller caller, string runId, ApprovalRequest request, DurableTaskClient durable, CancellationToken ct)
    {
        var tenantId = caller.TenantId!;
        var run = await runs.GetAsync(tenantId, runId, ct) ?? throw WorkflowRejection.NotFound($"No run '{runId}'.");
        if (run.State.IsFinished()) throw WorkflowRejection.Conflict($"The run is {run.State.ToString().ToLowerInvariant()}.");
        var step = await runs.GetStepAsync(tenantId, runId, request.Step, ct);
        // Decided stays decided, whether or not the run has moved on from the step yet.
        if (step is { Kind: StepKind.Approval, Decision: not null }) throw WorkflowRejection.Conflict("This approval has already been decided.");
        if (step is not { Kind: StepKind.Approval, State: StepState.Waiting, InstanceId: { } instanceId })
            throw WorkflowRejection.NotFound($"No approval '{request.Step}' is waiting in this run.");
        var version = await workflows.GetVersionAsync(tenantId, run.WorkflowId, run.Version, ct);
        var definition = version?.Version.Definition.Steps is { } steps ? StepTree.Flatten(steps).FirstOrDefault(s => s.Id == request.Step.Split('/')[^1]) : null;
        var approvers = definition?.Approvers;
        var roles = approvers?.Roles ?? (approvers?.Principals is { Count: > 0 } ? [] : [Role.Owner]);
        var allowed = (caller.Role is { } r && roles.Contains(r)) || (caller.Principal is { } p && (approvers?.Principals ?? []).Contains(p));
        if (!allowed) throw WorkflowRejection.Forbidden("This key is not among the step's approvers.");

        var by = caller.Principal ?? "unknown";
        var now = clock.GetUtcNow();
        var decided = false;
        var saved = await runs.ChangeStepAsync(tenantId, runId, request.Step, current =>
        {
            if (current is not { State: StepState.Waiting, Decision: null }) return current;
            decided = true;
            return current with { Decision = new ApprovalDecision(request.Decision == Decision.Approve, by, now) { Comment = request.Comment } };
        }, ct);
        if (!decided) throw WorkflowRejection.Conflict("This approval has already been decided.");
        await durable.RaiseEventAsync(instanceId, WorkflowNames.ApprovalEvent(request.Step),
            new ApprovalSignal(request.Decision == Decision.Approve, by, now) { Comment = request.Comment }, ct);
        return saved!;
    }

    public async Task<WorkflowRun> ControlAsync(Caller caller, string runId, string action, DurableTaskClient durable, CancellationToken ct)
    {
        if (caller.Role is not { } role || !Starters.Contains(role)) throw WorkflowRejection.Forbidden("Runs are steered by owner, developer or agent keys.");
        var tenantId = caller.TenantId!;
        var run = await runs.GetAsync(tenantId, runId, ct) ?? throw WorkflowRejection.NotFound($"No run '{runId}'.");
        if (run.State.IsFinished()) throw WorkflowRejection.Conflict($"The run is already {run.State.ToString().ToLowerInvariant()}.");
        var next = action switch
        {
            ControlSignal.Suspend when run.State == RunState.Suspended => throw WorkflowRejection.Conflict("The run is already suspended."),
            ControlSignal.Resume when run.State != RunState.Suspended => throw WorkflowRejection.Conflict("The run is not suspended."),
            ControlSignal.Suspend => RunState.Suspended,
            ControlSignal.Resume => RunState.Running,
            _ => run.State,
        };
        var updated = next == run.State ? run : await runs.UpdateAsync(tenantId, runId, r => r.State.IsFinished() ? r : r with { State = next, UpdatedAt = clock.GetUtcNow() }, ct) ?? run;
        await durable.RaiseEventAsync(runId, WorkflowNames.ControlEvent, new ControlSignal(action), ct);
        return updated;
    }
}

public enum Decision { Approve, Reject }

public sealed record ApprovalRequest(string Step, Decision Decision)
{
    public string? Comment { get; init; }
}

public sealed record StartRunRequest
{
    public JsonElement? Input { get; init; }
    public int? Version { get; init; }
}
