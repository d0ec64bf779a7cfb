using Marketplace.A2A.Protocol;
using Marketplace.A2A.Tasks;
using Marketplace.Billing;
using Marketplace.Events;
using Marketplace.Telemetry;
using Marketplace.Registry;

namespace Marketplace.A2A.Lifecycle;

/// <summary>The one usage record of a finished task; its id is the task's, so recording twice bills once.</summary>
public sealed class TaskUsage(UsageRecorder recorder, IAgentStore agents, ITaskStore tasks, IIntegrationEvents events, MarketplaceMetrics metrics)
{
    public async Task RecordAsync(string tenantId, string taskId, CancellationToken ct)
    {
        if ((await tasks.GetAsync(tenantId, taskId, ct))?.Task is { } task) await RecordAsync(task, ct);
    }

    /// <summary>Records a finished task the caller already holds (as stored), sparing a read.</summary>
    public async Task RecordAsync(GatewayTask task, CancellationToken ct)
    {
        var publisher = await agents.FindPublisherAsync(task.AgentId, ct) ?? "";
        await recorder.RecordAsync(EventFor(task, publisher), ct);
        await events.PublishAsync(SystemEvents.TaskFinished(task, publisher), ct);
        metrics.TaskFinished(task);
    }

    /// <summary>The usage event of a finished task: everything in it comes from the stored task, so it is the same whoever builds it.</summary>
    public static UsageEvent EventFor(GatewayTask task, string publisher)
    {
        var units = ReportedUnits(task);
        return new UsageEvent(
            $"{UsageKinds.A2ATask}:{task.TenantId}:{task.TaskId}", UsageKinds.A2ATask, task.TenantId, task.AgentId, publisher, task.TaskId,
            task.State.ToString(), task.UpdatedAt)
        {
            Principal = task.CreatedByKeyId,
            ReservationId = task.ReservationId,
            // Only a completed task is charged; any other end releases what was held for it.
            Price = task.State == TaskState.Completed ? task.Pricing?.Price(units) ?? 0 : 0,
            Units = units,
            LatencyMs = (task.UpdatedAt - task.CreatedAt).TotalMilliseconds,
        };
    }

    /// <summary>Units the agent reported in the task's <c>metadata.usage</c>, under the listing's unit name (e.g. tokens).</summary>
    static long ReportedUnits(GatewayTask task) =>
        task.Pricing?.Unit is { } unit && task.Task.Metadata is { ValueKind: System.Text.Json.JsonValueKind.Object } metadata
        && metadata.TryGetProperty("usage", out var usage) && usage.ValueKind == System.Text.Json.JsonValueKind.Object
        && usage.TryGetProperty(unit, out var value) && value.TryGetInt64(out var units) ? units : 0;
}
