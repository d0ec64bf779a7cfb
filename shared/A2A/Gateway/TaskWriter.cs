using Marketplace.A2A.Protocol;
using Marketplace.A2A.Lifecycle;
using Marketplace.A2A.Push;
using Microsoft.Extensions.Options;
using Marketplace.A2A.Tasks;
using Microsoft.DurableTask.Client;

namespace Marketplace.A2A.Gateway;

/// <summary>Stores task changes under optimistic concurrency, then announces them to open streams.</summary>
public sealed class TaskWriter(ITaskStore store, TaskEventHub hub, PushDispatcher pushes, IOptions<LifecycleOptions> lifecycle, TimeProvider clock)
{
    public TimeSpan LeaseDuration => lifecycle.Value.FollowerLease;

    /// <summary>
    /// Applies a gateway-side event to the stored task (re-reading on conflict) and publishes it. A follower passes
    /// <paramref name="following"/> to extend its lease in the same write; the lease ends when the task settles.
    /// A <paramref name="handOff"/> record is written in the same transaction as the task. A task with webhooks has the
    /// event queued to its notifier with <paramref name="durable"/>.
    /// </summary>
    public async Task<GatewayTask> ApplyAsync(string tenantId, string taskId, StreamResponse e, DurableTaskClient durable, CancellationToken ct, bool following = false, TaskHandOff? handOff = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            var stored = await store.GetAsync(tenantId, taskId, ct) ?? throw A2AError.TaskNotFound(taskId);
            if (stored.Task.State.IsTerminal()) return stored.Task; // a terminal task never changes again
            var now = clock.GetUtcNow();
            var next = stored.Task with { Task = TaskTranslation.Apply(stored.Task.Task, e), UpdatedAt = now };
            if (following) next = next with { FollowerUntil = next.IsSettled ? null : now + LeaseDuration };
            if (await (handOff is null ? store.ReplaceAsync(next, stored.StoreETag, ct) : store.ReplaceAsync(next, stored.StoreETag, handOff, ct)) is not null)
            {
                hub.Publish(tenantId, taskId, e, next.UpdatedAt);
                if (next.PushEnabled) await pushes.EnqueueAsync(next, e, durable, ct);
                return next;
            }
            if (attempt >= 10) throw new InvalidOperationException($"Task {taskId} kept changing under concurrent writers.");
        }
    }

    public async Task<GatewayTask> GetAsync(string tenantId, string taskId, CancellationToken ct) =>
        (await store.GetAsync(tenantId, taskId, ct))?.Task ?? throw A2AError.TaskNotFound(taskId);

    /// <summary>Marks the task as having webhooks, starts its notifier and pushes the current state as the first event.</summary>
    public async Task EnablePushAsync(string tenantId, string taskId, string issuer, DurableTaskClient durable, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var stored = await store.GetAsync(tenantId, taskId, ct) ?? throw A2AError.TaskNotFound(taskId);
            var enabled = stored.Task.PushEnabled ? stored.Task : stored.Task with { PushEnabled = true };
            if (stored.Task.PushEnabled || await store.ReplaceAsync(enabled, stored.StoreETag, ct) is not null)
            {
                await pushes.StartAsync(enabled, issuer, durable, ct);
                await pushes.EnqueueAsync(enabled, new StreamResponse { Task = enabled.Task }, durable, ct);
                return;
            }
        }
        throw new InvalidOperationException($"Task {taskId} kept changing under concurrent writers.");
    }

    /// <summary>Takes the follower lease unless the task is settled or someone else holds it.</summary>
    public async Task<GatewayTask?> TryLeaseAsync(string tenantId, string taskId, CancellationToken ct)
    {
        var stored = await store.GetAsync(tenantId, taskId, ct);
        var now = clock.GetUtcNow();
        if (stored is null || stored.Task.IsSettled || stored.Task.FollowerUntil > now) return null;
        var leased = stored.Task with { FollowerUntil = now + LeaseDuration };
        return await store.ReplaceAsync(leased, stored.StoreETag, ct) is null ? null : leased;
    }

    /// <summary>Extends the lease of a follower that is still relaying but has had no event to write.</summary>
    public async Task RenewLeaseAsync(string tenantId, string taskId, CancellationToken ct)
    {
        var stored = await store.GetAsync(tenantId, taskId, ct);
        if (stored is null || stored.Task.IsSettled) return;
        await store.ReplaceAsync(stored.Task with { FollowerUntil = clock.GetUtcNow() + LeaseDuration }, stored.StoreETag, ct);
    }

    /// <summary>Gives the lease back early (the follower stopped before the task settled).</summary>
    public async Task ReleaseLeaseAsync(string tenantId, string taskId, CancellationToken ct)
    {
        var stored = await store.GetAsync(tenantId, taskId, ct);
        if (stored?.Task.FollowerUntil is null) return;
        await store.ReplaceAsync(stored.Task with { FollowerUntil = null }, stored.StoreETag, ct);
    }
}
