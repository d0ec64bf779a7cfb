using System.Collections.Concurrent;
using Marketplace.A2A.Protocol;
using Marketplace.A2A.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.A2A.Gateway;

/// <summary>
/// Keeps a task's record current while its agent works on it, independently of any caller's connection: relays the
/// agent's stream (or polls it when it cannot stream) into the store and the event hub. One follower per task per
/// instance; it stops when the task ends or waits for input.
/// </summary>
public sealed class TaskFollowers(TaskWriter writer, IOptions<GatewayOptions> options, TimeProvider clock, IHostApplicationLifetime lifetime,
    ILogger<TaskFollowers> logger)
{
    readonly ConcurrentDictionary<string, Lazy<Task>> running = new();

    /// <summary>Relays events already flowing from the agent (the rest of a stream whose first event was handled).</summary>
    public void Relay(GatewayTask task, IAsyncEnumerator<StreamResponse> upstream) =>
        Start(task, ct => RelayAsync(task, upstream, ct), upstream);

    /// <summary>Follows a task that is still running at the agent: subscribes if it streams, else polls.</summary>
    public void Follow(GatewayTask task, UpstreamAgent agent, bool agentStreams)
    {
        if (task.UpstreamTaskId is not { } upstreamId) return;
        Start(task, async ct =>
        {
            if (agentStreams)
            {
                var events = agent.SubscribeToTaskAsync(upstreamId, ct).GetAsyncEnumerator(ct);
                await RelayAsync(task, events, ct);
            }
            else
            {
                await PollAsync(task, agent, upstreamId, ct);
            }
        }, null);
    }

    public bool IsFollowing(GatewayTask task) => running.ContainsKey(Key(task));

    void Start(GatewayTask task, Func<CancellationToken, Task> body, IAsyncDisposable? owned)
    {
        var key = Key(task);
        var mine = new Lazy<Task>(() => RunAsync(key, task, body, owned));
        // Only the follower that won the slot runs; it is registered before it starts, so it can always unregister.
        if (ReferenceEquals(running.GetOrAdd(key, mine), mine)) _ = mine.Value;
        else if (owned is not null) _ = owned.DisposeAsync().AsTask();
    }

    async Task RunAsync(string key, GatewayTask task, Func<CancellationToken, Task> body, IAsyncDisposable? owned)
    {
        await Task.Yield();
        try
        {
            await body(lifetime.ApplicationStopping);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
        }
        catch (A2AError ex)
        {
            logger.LogWarning("Following task {TaskId} of tenant {TenantId} stopped: {Reason}", task.TaskId, task.TenantId, ex.Message);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Following task {TaskId} of tenant {TenantId} failed", task.TaskId, task.TenantId);
        }
        finally
        {
            running.TryRemove(key, out _);
            if (owned is not null) await owned.DisposeAsync();
        }
    }

    async Task RelayAsync(GatewayTask task, IAsyncEnumerator<StreamResponse> upstream, CancellationToken ct)
    {
        while (await upstream.MoveNextAsync())
        {
            var e = TaskTranslation.ToGateway(upstream.Current, task.TaskId, task.ContextId, clock.GetUtcNow());
            var updated = await writer.ApplyAsync(task.TenantId, task.TaskId, e, ct);
            if (updated.State.IsTerminal() || updated.State.IsInterrupted()) return;
        }
    }

    async Task PollAsync(GatewayTask task, UpstreamAgent agent, string upstreamId, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, clock);
        var last = task.Task;
        while (await timer.WaitForNextTickAsync(ct))
        {
            var current = TaskTranslation.ToGateway(await agent.GetTaskAsync(upstreamId, null, ct), task.TaskId, task.ContextId, clock.GetUtcNow());
            if (current.Status.State == last.Status.State && (current.Artifacts?.Count ?? 0) == (last.Artifacts?.Count ?? 0)) continue;
            await writer.ApplyAsync(task.TenantId, task.TaskId, new StreamResponse { Task = current }, ct);
            last = current;
            if (current.Status.State.IsTerminal() || current.Status.State.IsInterrupted()) return;
        }
    }

    static string Key(GatewayTask task) => $"{task.TenantId}/{task.TaskId}";
}
