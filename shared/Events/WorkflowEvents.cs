using Marketplace.Serialization;
using System.Text.Json;
using Marketplace.Http;

namespace Marketplace.Events;

/// <summary>
/// Workflow progress on the <c>workflow-progress</c> topic. Ids are derived from the run and step, so a step or run
/// reported twice (an activity retried after a crash) is one event to every consumer.
/// </summary>
public static class WorkflowEvents
{
    public const string RunStarted = "marketplace.workflow.run.started";
    public const string StepFinished = "marketplace.workflow.step.finished";
    public const string ApprovalRequested = "marketplace.workflow.approval.requested";
    public const string RunFinished = "marketplace.workflow.run.finished";

    public static IntegrationEvent Started(WorkflowRunEventData run, DateTimeOffset at) =>
        Create($"run:{run.TenantId}:{run.RunId}:started", RunStarted, run.RunId, at, run);

    public static IntegrationEvent Finished(WorkflowRunEventData run, DateTimeOffset at) =>
        Create($"run:{run.TenantId}:{run.RunId}:finished", RunFinished, run.RunId, at, run);

    public static IntegrationEvent Step(string tenantId, string runId, WorkflowStepExecution step, DateTimeOffset at) =>
        Create($"run:{tenantId}:{runId}:step:{step.StepPath}:{step.State}", StepFinished, runId, at, tenantId, step);

    public static IntegrationEvent Approval(string tenantId, string runId, string stepPath, DateTimeOffset deadline, DateTimeOffset at) =>
        Create($"run:{tenantId}:{runId}:approval:{stepPath}", ApprovalRequested, runId, at, tenantId, new ApprovalEventData(runId, stepPath, deadline));

    static IntegrationEvent Create(string id, string type, string runId, DateTimeOffset at, WorkflowRunEventData run) =>
        Create(id, type, runId, at, run.TenantId, run);

    static IntegrationEvent Create<T>(string id, string type, string runId, DateTimeOffset at, string tenantId, T data) => new(
        id, Topics.WorkflowProgress, type, "/api/runs", runId, at, tenantId, JsonSerializer.SerializeToElement(data, Json.Lenient));
}

/// <summary>
/// A run as consumers see it: on <c>finished</c>, <see cref="Steps"/> lists every step that ran, in start order
/// (<see cref="WorkflowStepExecution.Order"/>), which is what lineage and collaboration are built from.
/// </summary>
public sealed record WorkflowRunEventData(
    string TenantId, string RunId, string WorkflowId, int Version, string State, IReadOnlyList<WorkflowStepExecution> Steps);

/// <summary>
/// One executed step. <see cref="StepPath"/> is unique within the run (nested steps as <c>parent/branch/step</c>, map
/// items as <c>step[index]/child</c>); <see cref="DependsOn"/> lists the paths whose output it consumed or followed.
/// </summary>
public sealed record WorkflowStepExecution(string StepPath, string Kind, int Order, string State, DateTimeOffset StartedAt)
{
    public string? AgentId { get; init; }
    public string? SkillId { get; init; }
    public string? TaskId { get; init; }
    public string? Tool { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public IReadOnlyList<string> DependsOn { get; init; } = [];
}

public sealed record ApprovalEventData(string RunId, string StepPath, DateTimeOffset Deadline);
