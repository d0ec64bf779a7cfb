using System.Text.Json;
using Marketplace.Tenancy;

namespace Marketplace.Workflows;

/// <summary>
/// A workflow as its designer writes it (JSON; schema in <c>shared/Workflows/Schemas/workflow.schema.json</c>). A flow is a list of steps
/// run in order; <see cref="WorkflowStep.Next"/> and a condition's <c>then</c>/<c>else</c> jump forward within it.
/// </summary>
public sealed record WorkflowDefinition(string Id, string Name, IReadOnlyList<WorkflowStep> Steps)
{
    public string? Description { get; init; }

    /// <summary>A JSON Schema the run input must satisfy.</summary>
    public JsonElement? InputSchema { get; init; }

    /// <summary>The run's result, as a template over the run's data; without it, the last step's output.</summary>
    public JsonElement? Output { get; init; }
}

public enum StepKind { Agent, Tool, Parallel, Map, Condition, Approval, Delay }

/// <summary>What a step's failure (after its retries) does to its flow.</summary>
public enum OnFailure
{
    /// <summary>The flow, and so the run, fails.</summary>
    Fail,

    /// <summary>The failure is recorded, the step's output is null and the flow goes on.</summary>
    Continue,

    /// <summary>The compensation flows of the steps completed before it run, newest first; then the run fails as compensated.</summary>
    Compensate,
}

/// <summary>One step; which properties apply depends on <see cref="Kind"/>.</summary>
public sealed record WorkflowStep(string Id, StepKind Kind)
{
    /// <summary>agent: the listing to call through the A2A gateway, and the skill to ask for.</summary>
    public string? Agent { get; init; }
    public string? Skill { get; init; }

    /// <summary>agent: the message; a string becomes a text part, anything else a data part. Templates apply.</summary>
    public JsonElement? Message { get; init; }

    /// <summary>tool: an MCP hub tool of the tenant, and its arguments (templates apply).</summary>
    public string? Tool { get; init; }
    public JsonElement? Arguments { get; init; }

    /// <summary>parallel: branches that run at once, each its own flow; the step waits for all of them.</summary>
    public IReadOnlyList<WorkflowBranch>? Branches { get; init; }

    /// <summary>map: an array (a reference or a literal); <see cref="Steps"/> run once per item, at most <see cref="MaxConcurrency"/> at a time.</summary>
    public JsonElement? Items { get; init; }
    public int? MaxConcurrency { get; init; }
    public IReadOnlyList<WorkflowStep>? Steps { get; init; }

    /// <summary>condition: an NCalc expression over <c>[/json/pointer]</c> parameters; jumps to <see cref="Then"/> or <see cref="Else"/> (default: the next step).</summary>
    public string? If { get; init; }
    public string? Then { get; init; }
    public string? Else { get; init; }

    /// <summary>approval: what the approver is asked, and who may decide (default: the tenant's owners).</summary>
    public string? Prompt { get; init; }
    public WorkflowApprovers? Approvers { get; init; }

    /// <summary>delay: how long to wait.</summary>
    public int? Seconds { get; init; }

    /// <summary>The step to go to afterwards (a later step of the same flow, or <c>end</c>); default: the following one.</summary>
    public string? Next { get; init; }

    public StepRetry? Retry { get; init; }

    /// <summary>Per attempt; for an approval, the deadline for a decision.</summary>
    public int? TimeoutSeconds { get; init; }

    public OnFailure? OnFailure { get; init; }

    /// <summary>How to undo this step when a later one fails with <c>onFailure: compensate</c>.</summary>
    public IReadOnlyList<WorkflowStep>? Compensate { get; init; }
}

public sealed record WorkflowBranch(string Id, IReadOnlyList<WorkflowStep> Steps);

public sealed record StepRetry(int MaxAttempts)
{
    public double DelaySeconds { get; init; } = 1;
    public double BackoffCoefficient { get; init; } = 2;
}

public sealed record WorkflowApprovers
{
    public IReadOnlyList<Role>? Roles { get; init; }
    public IReadOnlyList<string>? Principals { get; init; }
}

