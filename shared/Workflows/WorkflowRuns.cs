extern alias JsonEverything;
using System.Text;
using System.Text.Json;
using JsonEverything::Json.Schema;
using Marketplace.A2A.Tasks;
using Marketplace.Billing;
using Marketplace.Http;
using Marketplace.Mcp;
using Marketplace.Registry;
using Marketplace.Security;
using Marketplace.Tenancy;
using Marketplace.Workflows.Engine;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Marketplace.Workflows;

/// <summary>
/// Starting, deciding on and steering runs. Each run is one orchestration whose instance id is the run id, started
/// and signalled with the Durable client of the caller's operation.
/// </summary>
public sealed class WorkflowRuns(
    WorkflowStore workflows, RunStore runs, BillingStore billing, TenantPlans plans, AgentService agents, IToolStore tools,
    IOptions<WorkflowOptions> options, TimeProvider clock)
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
            ValidateInput(version.Definition, input);
            await CheckCreditAsync(caller, version.Definition, ct);
            if (version.InUse || await workflows.ReplaceVersionAsync(version with { InUse = true }, etag, null, null, ct)) return;
        }
    }

    void ValidateInput(WorkflowDefinition definition, JsonElement input)
    {
        if (Encoding.UTF8.GetByteCount(input.GetRawText()) > options.Value.MaxInputBytes)
            throw WorkflowRejection.Invalid([new("$.input", $"Larger than {options.Value.MaxInputBytes} bytes.")], "The input is too large.");
        if (definition.InputSchema is not { } schema) return;
        var results = JsonSchema.Build(schema).Evaluate(input, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid) return;
        var errors = (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => new FieldError("$.input" + JsonPath(d.InstanceLocation.ToString()), e.Value)))
            .Distinct().ToList();
        throw WorkflowRejection.Invalid(errors.Count > 0 ? errors : [new("$.input", "Does not match the workflow's input schema.")], "The input does not match the workflow's input schema.");
    }

    /// <summary>A JSON pointer as the JSON path our problem details use (<c>/a/0/b</c> → <c>.a[0].b</c>).</summary>
    static string JsonPath(string pointer) => string.Concat(pointer.Split('/', StringSplitOptions.RemoveEmptyEntries)
        .Select(s => s.Replace("~1", "/").Replace("~0", "~")).Select(s => int.TryParse(s, out _) ? $"[{s}]" : "." + s));

    /// <summary>
    /// A run that could not pay for its priced steps would fail half-way; it is refused up front (402) when the
    /// tenant's available credit is below the most its agent and tool steps can cost (a map's body counted once).
    /// </summary>
    async Task CheckCreditAsync(Caller caller, WorkflowDefinition definition, CancellationToken ct)
    {
        // Summed in Int128: an estimate times a step count cannot wrap to a small or negative need. A priced step
        // whose pricing is out of bounds estimates as unaffordable, so such a run is refused here too.
        Int128 needed = 0;
        var steps = Flatten(definition.Steps).ToList();
        // One lookup per agent or tool, counted as often as steps call it.
        foreach (var agent in steps.Where(s => s is { Kind: StepKind.Agent, Agent: not null }).GroupBy(s => s.Agent!))
            if (await agents.FindForCallAsync(caller, agent.Key, ct) is { Pricing: { IsFree: false } pricing }) needed += (Int128)pricing.Estimate * agent.Count();
        foreach (var tool in steps.Where(s => s is { Kind: StepKind.Tool, Tool: not null }).GroupBy(s => s.Tool!))
            if (await tools.GetAsync(caller.TenantId!, tool.Key, ct) is { Pricing: { IsFree: false } pricing }) needed += (Int128)pricing.Estimate * tool.Count();
        if (needed == 0) return;
        var wallet = (await billing.GetWalletAsync(caller.TenantId!, ct)).Wallet;
        var allowance = OverdraftAllowance.For((await plans.GetAsync(caller.TenantId!, ct)).Limits);
        // A reservation is taken out of its grants when made, so the balance is already net of what is held.
        var available = wallet.Balance(clock.GetUtcNow()) + allowance.Limit;
        if (available < needed) throw WorkflowRejection.PaymentRequired(needed > long.MaxValue ? long.MaxValue : (long)needed, Math.Max(0, available));
    }

    static IEnumerable<WorkflowStep> Flatten(IEnumerable<WorkflowStep> steps) => steps.SelectMany(s =>
        new[] { s }.Concat(Flatten((s.Steps ?? []).Concat(s.Branches?.SelectMany(b => b.Steps) ?? []).Concat(s.Compensate ?? []))));

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
        var definition = version?.Version.Definition.Steps is { } steps ? Flatten(steps).FirstOrDefault(s => s.Id == request.Step.Split('/')[^1]) : null;
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
