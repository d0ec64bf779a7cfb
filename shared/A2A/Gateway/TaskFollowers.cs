using Marketplace.A2A.Protocol;
using Marketplace.A2A.Tasks;
using Marketplace.Registry;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.A2A.Gateway;

/// <summary>What a follow attempt found: the task's state, and whether someone else is following it.</summary>
public sealed record FollowOutcome(TaskState State, DateTimeOffset? LeasedUntil);

/// <summary>
/// Keeps a task's record current while its agent works on it, independently of any caller's connection. Whoever
/// follows holds the task's lease (see <see cref="GatewayTask.FollowerUntil"/>): the inline relay of a stream, or
/// the durable lifecycle's follow activity when no relay is alive.
/// </summary>
public sealed class TaskFollowers(
    TaskWriter writer, IAgentStore agents, UpstreamAgents upstreams, IOptions<GatewayOptions> options, TimeProvider clock,
    IHostApplicationLifetime lifetime, ILogger<TaskFollowers> logger)
{
    /// <summary>
    /// Relays the rest of a stream whose first event was handled; the caller already holds the lease. The relay
    /// outlives the request, and pushes the events it writes with the request's Durable client.
    /// </summary>
    public void Relay(GatewayTask task, IAsyncEnumerator<StreamResponse> upstream, DurableTaskClient durable) => _ = Task.Run(async () =>
    {
        try
        {
            await RelayAsync(task, upstream, durable, lifetime.ApplicationStopping);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The lease runs out and the durable lifecycle takes over from the agent's current state.
            logger.LogWarning("Relaying task {TaskId} of tenant {TenantId} stopped: {Reason}", task.TaskId, task.TenantId, ex.Message);
        }
        finally
        {
            await upstream.DisposeAsync();
        }
    });

    /// <summary>
    /// Follows a task for up to <paramref name="budget"/> unless someone else holds its lease: takes the agent's
    /// current state first, then its stream (or polls it when it cannot stream). Events for the task's webhooks are
    /// queued with <paramref name="durable"/>.
    /// </summary>
    public async Task<FollowOutcome> FollowAsync(string tenantId, string taskId, TimeSpan budget, DurableTaskClient durable, CancellationToken ct)
    {
        var task = await writer.TryLeaseAsync(tenantId, taskId, ct);
        if (task is null) return await CurrentAsync(tenantId, taskId, ct);
        try
        {
            var agent = await AgentForAsync(task, ct);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(budget);
            try
            {
                var snapshot = TaskTranslation.ToGateway(await agent.GetTaskAsync(task.UpstreamTaskId!, null, deadline.Token), task.TaskId, task.ContextId, clock.GetUtcNow());
                task = await writer.ApplyAsync(tenantId, taskId, new StreamResponse { Task = snapshot }, durable, deadline.Token, following: true);
                if (!task.IsSettled)
                {
                    if (await StreamsAsync(task, ct))
                        await RelayAsync(task, agent.SubscribeToTaskAsync(task.UpstreamTaskId!, deadline.Token).GetAsyncEnumerator(deadline.Token), durable, deadline.Token);
                    else
                        await PollAsync(task, agent, durable, deadline.Token);
                }
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                // Budget spent: the lifecycle calls again.
            }
        }
        finally
        {
            var current = await CurrentAsync(tenantId, taskId, CancellationToken.None);
            if (current.LeasedUntil is not null) await writer.ReleaseLeaseAsync(tenantId, taskId, CancellationToken.None);
        }
        return await CurrentAsync(tenantId, taskId, ct);
    }

    /// <summary>Best effort: the task is being failed or canceled here whatever the agent answers.</summary>
    public async Task TryCancelUpstreamAsync(GatewayTask task, CancellationToken ct)
    {
        if (task.UpstreamTaskId is not { } upstreamId) return;
        try
        {
            await (await AgentForAsync(task, ct)).CancelTaskAsync(upstreamId, ct);
        }
        catch (A2AError ex)
        {
            logger.LogInformation("The agent did not cancel task {TaskId}: {Reason}", task.TaskId, ex.Message);
        }
    }

    async Task<FollowOutcome> CurrentAsync(string tenantId, string taskId, CancellationToken ct)
    {
        var stored = await writer.GetAsync(tenantId, taskId, ct);
        var until = stored.FollowerUntil > clock.GetUtcNow() ? stored.FollowerUntil : null;
        return new FollowOutcome(stored.State, until);
    }

    async Task RelayAsync(GatewayTask task, IAsyncEnumerator<StreamResponse> upstream, DurableTaskClient durable, CancellationToken ct)
    {
        // An agent may work quietly for longer than a lease; the heartbeat keeps the claim while the stream is open.
        using var relaying = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var heartbeat = HeartbeatAsync(task, relaying.Token);
        try
        {
            while (await upstream.MoveNextAsync())
            {
                var e = TaskTranslation.ToGateway(upstream.Current, task.TaskId, task.ContextId, clock.GetUtcNow());
                if ((await writer.ApplyAsync(task.TenantId, task.TaskId, e, durable, ct, following: true)).IsSettled) return;
            }
        }
        finally
        {
            await relaying.CancelAsync();
            await heartbeat;
        }
    }

    async Task HeartbeatAsync(GatewayTask task, CancellationToken ct)
    {
        try
        {
            using var timer = new PeriodicTimer(writer.LeaseDuration / 3, clock);
            while (await timer.WaitForNextTickAsync(ct)) await writer.RenewLeaseAsync(task.TenantId, task.TaskId, ct);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            logger.LogWarning("Renewing the lease of task {TaskId} failed: {Reason}", task.TaskId, ex.Message);
        }
    }

    async Task PollAsync(GatewayTask task, UpstreamAgent agent, DurableTaskClient durable, CancellationToken ct)
    {
        using var polling = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var heartbeat = HeartbeatAsync(task, polling.Token);
        try
        {
            using var timer = new PeriodicTimer(options.Value.PollInterval, clock);
            var last = "";
            while (await timer.WaitForNextTickAsync(ct))
            {
                var current = TaskTranslation.ToGateway(await agent.GetTaskAsync(task.UpstreamTaskId!, null, ct), task.TaskId, task.ContextId, clock.GetUtcNow());
                // Only what changed is written (and announced); the heartbeat keeps the lease meanwhile.
                var fingerprint = ProtoJson.Serialize(current with { Status = current.Status with { Timestamp = null } });
                if (fingerprint == last) continue;
                last = fingerprint;
                if ((await writer.ApplyAsync(task.TenantId, task.TaskId, new StreamResponse { Task = current }, durable, ct, following: true)).IsSettled) return;
            }
        }
        finally
        {
            await polling.CancelAsync();
            await heartbeat;
        }
    }

    async Task<bool> StreamsAsync(GatewayTask task, CancellationToken ct) =>
        (await ListingAsync(task, ct)).Card.Capabilities.Streaming == true;

    async Task<UpstreamAgent> AgentForAsync(GatewayTask task, CancellationToken ct) =>
        upstreams.For((await ListingAsync(task, ct)).Card);

    async Task<AgentListing> ListingAsync(GatewayTask task, CancellationToken ct)
    {
        var publisher = await agents.FindPublisherAsync(task.AgentId, ct) ?? throw A2AError.AgentUnavailable("the listing no longer exists");
        return (await agents.GetAsync(publisher, task.AgentId, ct))?.Listing ?? throw A2AError.AgentUnavailable("the listing no longer exists");
    }
}
