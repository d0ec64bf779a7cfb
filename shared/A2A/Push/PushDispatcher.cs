using Marketplace.A2A.Protocol;
using Marketplace.A2A.Tasks;
using Marketplace.Durable;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Marketplace.A2A.Push;

/// <summary>
/// Feeds a task's events, in order, to its push notifier orchestration, which delivers each to every webhook
/// configured for the task with retries and backoff. The caller passes the Durable client of its operation.
/// </summary>
public sealed class PushDispatcher(ILogger<PushDispatcher> logger)
{
    public Task StartAsync(GatewayTask task, string issuer, DurableTaskClient durable, CancellationToken ct) =>
        durable.StartOnceAsync(PushNames.Orchestration, PushNames.InstanceId(task.TenantId, task.TaskId), new PushNotifierInput(task.TenantId, task.TaskId, issuer), ct);

    /// <summary>Queues an event for delivery; the stored task is already updated, so a failure here only delays pushes.</summary>
    public async Task EnqueueAsync(GatewayTask task, StreamResponse e, DurableTaskClient durable, CancellationToken ct)
    {
        try
        {
            var payload = new PushEvent($"{task.TaskId}:{task.UpdatedAt.UtcTicks}", e);
            await durable.RaiseEventAsync(PushNames.InstanceId(task.TenantId, task.TaskId), PushNames.EventName, payload, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Could not queue a push notification for task {TaskId} of tenant {TenantId}: {Reason}", task.TaskId, task.TenantId, ex.Message);
        }
    }
}
