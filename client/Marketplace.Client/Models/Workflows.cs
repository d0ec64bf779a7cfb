using System.Text.Json;

namespace Marketplace.Client.Models;

public sealed record WorkflowSummary(
    string TenantId, string WorkflowId, string Name, int LatestVersion, string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public string? Description { get; init; }
}

/// <summary>A dry run's answer: the definition would be saved as it is (problems come back as a 400 problem).</summary>
public sealed record WorkflowValidation(bool Valid);

/// <summary>One version; the definition is kept as the designer wrote it.</summary>
public sealed record WorkflowVersion(string TenantId, string WorkflowId, int Version, JsonElement Definition, DateTimeOffset CreatedAt)
{
    public bool InUse { get; init; }
}

public sealed record WorkflowView(WorkflowSummary Workflow, WorkflowVersion Latest);

public sealed record WorkflowRun(string TenantId, string RunId, string WorkflowId, int Version, string State, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public JsonElement? Input { get; init; }
    public JsonElement? Output { get; init; }
    public string? Error { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>No further change can happen.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsFinished => State is "completed" or "failed" or "cancelled" or "compensated";
}

public sealed record RunStep(string StepPath, string Kind, string State, int Attempt, DateTimeOffset StartedAt)
{
    public DateTimeOffset? FinishedAt { get; init; }
    public string? AgentId { get; init; }
    public string? TaskId { get; init; }
    public string? Tool { get; init; }
    public JsonElement? Output { get; init; }
    public string? Error { get; init; }
    public string? Prompt { get; init; }
}

public sealed record RunView(WorkflowRun Run, IReadOnlyList<RunStep> Steps);

public sealed record RunPage(IReadOnlyList<WorkflowRun> Items, string? NextCursor);

public sealed record StartRunRequest
{
    public JsonElement? Input { get; init; }
    public int? Version { get; init; }
}

/// <summary>An approver's decision: <c>approve</c> or <c>reject</c>.</summary>
public sealed record ApprovalRequest(string Step, string Decision)
{
    public string? Comment { get; init; }
}

/// <summary>One event of a run's progress stream: the run, or one of its steps, as it changed.</summary>
public sealed record RunEvent(string Kind, WorkflowRun? Run, RunStep? Step);
