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
        var task = (await tasks.GetAsync(tenantId, taskId, ct))?.Task;
        if (task is null) return;
        var publisher = await agents.FindPublisherAsync(task.AgentId, ct) ?? "";
        await recorder.RecordAsync(new UsageEvent(
            $"{UsageKinds.A2ATask}:{tenantId}:{taskId}", UsageKinds.A2ATask, tenantId, task.CreatedByKeyId, task.AgentId, publisher, taskId,
            task.State.ToString(), task.UpdatedAt), ct);
        await events.PublishAsync(SystemEvents.TaskFinished(task, publisher), ct);
        metrics.TaskFinished(task);
    }
}
