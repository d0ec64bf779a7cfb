using System.Text.Json;
using Marketplace.Tenancy;

namespace Marketplace.Workflows.Engine;

/// <summary>The orchestration names and the events a run's orchestrations listen to.</summary>
public static class WorkflowNames
{
    public const string Run = "WorkflowRun";
    public const string Flow = "WorkflowFlow";
    public const string Map = "WorkflowMap";

    /// <summary>cancel / suspend / resume, raised on the run's root instance and passed down to its children.</summary>
    public const string ControlEvent = "control";

    public static string ApprovalEvent(string stepPath) => "approval:" + stepPath;
}

public sealed record RunRef(string TenantId, string RunId);

/// <summary>Who started the run: agent and tool steps call as this key, with this role.</summary>
public sealed record RunCaller(string TenantId, string RunId, string? KeyId, Role Role)
{
    public Caller AsCaller() => new(false, TenantId, KeyId, Role);

    /// <summary>
    /// The idempotency key of one attempt of a step: the same however often its activity runs, different for the
    /// next attempt.
    /// </summary>
    public string StepKey(string stepPath, int attempt) => Security.Sha256.Hex($"{TenantId}\n{RunId}\n{stepPath}\n{attempt}")[..32];
}

/// <summary>What the root orchestration needs, loaded once by an activity so the start message stays small.</summary>
public sealed record LoadedRun(WorkflowDefinition Definition, JsonElement Input, RunCaller Caller, EngineSettings Settings);

/// <summary>Settings fixed for the run's lifetime (read once, so replays see the same values).</summary>
public sealed record EngineSettings(int AgentPollMs, int MapItemsPerExecution, int DefaultApprovalSeconds)
{
    /// <summary>
    /// A parallel branch of one tool step runs in its parent's orchestration, not as a sub-orchestration. Set by every
    /// load since it was introduced; a run loaded before has it false in its history, so its replays still find the
    /// sub-orchestrations they started.
    /// </summary>
    public bool InlineToolBranches { get; init; }
}

/// <summary>A nested flow (a parallel branch or a map item) run as a sub-orchestration.</summary>
public sealed record FlowInput(RunCaller Caller, EngineSettings Settings, string Prefix, IReadOnlyList<WorkflowStep> Steps, JsonElement Data);

/// <summary>A map step run as its own orchestration, which continues as new every few items.</summary>
public sealed record MapInput(RunCaller Caller, EngineSettings Settings, string StepPath, WorkflowStep Step, JsonElement Data, int Next, IReadOnlyList<JsonElement> Outputs)
{
    public int Attempt { get; init; } = 1;
}

public enum FlowState { Completed, Failed, Cancelled, Compensated }

public sealed record FlowResult(FlowState State, JsonElement? Output)
{
    public string? Error { get; init; }
}

/// <summary>One attempt of an agent, tool or condition step, with the run's data for its templates.</summary>
public sealed record StepCall(RunCaller Caller, string StepPath, int Attempt, WorkflowStep Step, JsonElement Data);

/// <summary>Where an agent step's task stands; <see cref="Cancel"/> asks the gateway to cancel it.</summary>
public sealed record AgentTaskCheck(RunCaller Caller, string StepPath, int Attempt, string AgentId, string TaskId, bool Cancel)
{
    public string? Reason { get; init; }
}

public sealed record StepOutcome(StepState State, JsonElement? Output)
{
    public string? Error { get; init; }
    public string? TaskId { get; init; }
}

/// <summary>A map's items, a window at a time.</summary>
public sealed record ItemsRequest(StepCall Call, int Start, int Count);

public sealed record ItemsWindow(int Total, IReadOnlyList<JsonElement> Items)
{
    public string? Error { get; init; }
}

/// <summary>A step's state as the orchestration reports it (control steps, failed attempts, approvals).</summary>
public sealed record StepRecord(RunCaller Caller, string StepPath, StepKind Kind, StepState State, int Attempt)
{
    public JsonElement? Output { get; init; }
    public string? Error { get; init; }
    public string? InstanceId { get; init; }
    public DateTimeOffset? Deadline { get; init; }
    public string? Prompt { get; init; }
    public IReadOnlyList<string> DependsOn { get; init; } = [];
}

public sealed record RunFinish(RunRef Run, FlowState State, JsonElement Data)
{
    public JsonElement? Output { get; init; }
    public JsonElement? OutputTemplate { get; init; }
    public string? Error { get; init; }
}

public sealed record ControlSignal(string Action)
{
    public const string Cancel = "cancel";
    public const string Suspend = "suspend";
    public const string Resume = "resume";
}

public sealed record ApprovalSignal(bool Approved, string By, DateTimeOffset At)
{
    public string? Comment { get; init; }
}

/// <summary>A recorded step's output as stored (a payload reference when large).</summary>
public sealed record RecordedStep
{
    public JsonElement? Output { get; init; }
}
