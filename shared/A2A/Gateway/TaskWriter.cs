using Marketplace.A2A.Protocol;
using Marketplace.A2A.Tasks;

namespace Marketplace.A2A.Gateway;

/// <summary>Stores task changes under optimistic concurrency, then announces them to open streams.</summary>
public sealed class TaskWriter(ITaskStore store, TaskEventHub hub, TimeProvider clock)
{
    /// <summary>Applies a gateway-side event to the stored task (re-reading on conflict) and publishes it.</summary>
    public async Task<GatewayTask> ApplyAsync(string tenantId, string taskId, StreamResponse e, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var stored = await store.GetAsync(tenantId, taskId, ct) ?? throw A2AError.TaskNotFound(taskId);
            var next = stored.Task with { Task = TaskTranslation.Apply(stored.Task.Task, e), UpdatedAt = clock.GetUtcNow() };
            if (next.Task.Status.State != stored.Task.State && stored.Task.State.IsTerminal()) return stored.Task; // terminal is final
            if (await store.ReplaceAsync(next, stored.StoreETag, ct) is not null)
            {
                hub.Publish(tenantId, taskId, e);
                return next;
            }
            if (attempt >= 10) throw new InvalidOperationException($"Task {taskId} kept changing under concurrent writers.");
        }
    }
}
