using System.Text.Json;
using Marketplace.Tenancy;

namespace Marketplace.Workflows;

public enum WorkflowStatus { Active, Retired }

/// <summary>A workflow of a tenant: its latest version and whether new runs may start.</summary>
public sealed record WorkflowSummary(
    string TenantId, string WorkflowId, string Name, int LatestVersion, WorkflowStatus Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public string? Description { get; init; }
}

/// <summary>One version of a definition; once a run has used it (<see cref="InUse"/>) it never changes.</summary>
public sealed record WorkflowVersion(string TenantId, string WorkflowId, int Version, WorkflowDefinition Definition, DateTimeOffset CreatedAt)
{
    public string? CreatedBy { get; init; }
    public bool InUse { get; init; }
}

public sealed record WorkflowView(WorkflowSummary Workflow, WorkflowVersion Latest);

public enum RunState { Pending, Running, Suspended, Completed, Failed, Cancelled, Compensated }

public static class RunStates
{
    public static bool IsFinished(this RunState state) => state is RunState.Completed or RunState.Failed or RunState.Cancelled or RunState.Compensated;
}

/// <summary>A run of one version of a workflow. Large input and output are payload references (see <see cref="Payloads"/>).</summary>
public sealed record WorkflowRun(
    string TenantId, string RunId, string WorkflowId, int Version, RunState State, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public string? StartedBy { get; init; }
    public Role? StarterRole { get; init; }
    public JsonElement? Input { get; init; }
    public JsonElement? Output { get; init; }
    public string? Error { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The caller's Idempotency-Key (or A2A message id) and a hash of the input it came with.</summary>
    public string? IdempotencyKey { get; init; }
    public string? InputHash { get; init; }

    /// <summary>Runs started over A2A: the conversation the run's task belongs to.</summary>
    public string? ContextId { get; init; }
}

public enum StepState { Running, Waiting, Completed, Failed, Cancelled, Compensated }

/// <summary>
/// What happened to one step of a run. <see cref="StepPath"/> is unique in the run: nested steps are
/// <c>parallel/branch/step</c>, map items <c>map[index]/step</c>, compensations <c>step~compensate/child</c>.
/// </summary>
public sealed record RunStep(string StepPath, StepKind Kind, StepState State, int Attempt, DateTimeOffset StartedAt)
{
    public DateTimeOffset? FinishedAt { get; init; }
    public string? AgentId { get; init; }
    public string? SkillId { get; init; }
    public string? TaskId { get; init; }
    public string? Tool { get; init; }
    public JsonElement? Output { get; init; }
    public string? Error { get; init; }

    /// <summary>approval: the orchestration instance waiting for the decision, its deadline, and the decision.</summary>
    public string? InstanceId { get; init; }
    public DateTimeOffset? Deadline { get; init; }
    public ApprovalDecision? Decision { get; init; }
    public string? Prompt { get; init; }

    /// <summary>The steps whose output this one read.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];
}

public sealed record ApprovalDecision(bool Approved, string By, DateTimeOffset At)
{
    public string? Comment { get; init; }
}

public sealed record RunView(WorkflowRun Run, IReadOnlyList<RunStep> Steps);

public sealed record RunPage(IReadOnlyList<WorkflowRun> Items, string? NextCursor);

/// <summary>The answer of a dry-run validation: the definition would be accepted as it is (problems are a 400).</summary>
public sealed record WorkflowValidation(bool Valid);
