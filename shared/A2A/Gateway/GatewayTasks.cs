using System.Runtime.CompilerServices;
using Marketplace.A2A.Lifecycle;
using Marketplace.A2A.Protocol;
using Marketplace.A2A.Tasks;

namespace Marketplace.A2A.Gateway;

/// <summary>
/// The gateway's tasks as a caller sees them: read, listed, canceled and followed as streams. Tasks are visible only
/// to the tenant that created them, and only through the agent they belong to.
/// </summary>
public sealed class GatewayTasks(GatewayServices services, ITaskLifecycle lifecycle)
{
    public async Task<AgentTask> GetAsync(GatewayCall call, GetTaskRequest request, CancellationToken ct)
    {
        var task = await FindAsync(call, request.Id, ct);
        return task.Task.WithHistoryLength(request.HistoryLength);
    }

    public async Task<ListTasksResponse> ListAsync(GatewayCall call, ListTasksRequest request, CancellationToken ct)
    {
        var maxPageSize = services.Options.Value.MaxPageSize;
        var pageSize = request.PageSize ?? 50;
        if (pageSize < 1 || pageSize > maxPageSize) throw A2AError.InvalidParams("pageSize", $"must be between 1 and {maxPageSize}");
        if (request.HistoryLength is < 0) throw A2AError.InvalidParams("historyLength", "must not be negative");
        // TASK_STATE_UNSPECIFIED is the proto default: no filter.
        var status = request.Status is TaskState.Unspecified ? null : request.Status;
        var page = await services.Tasks.ListAsync(new TaskQuery(call.TenantId, call.Listing.AgentId, request.ContextId, status, request.StatusTimestampAfter, pageSize, request.PageToken), ct);
        var shaped = page.Tasks.Select(t =>
        {
            var task = t.Task.WithHistoryLength(request.HistoryLength ?? 0);
            return request.IncludeArtifacts == true ? task : task with { Artifacts = null };
        }).ToList();
        return new ListTasksResponse(shaped, page.NextPageToken ?? "", pageSize, page.TotalSize);
    }

    public async Task<AgentTask> CancelAsync(GatewayCall call, CancelTaskRequest request, CancellationToken ct)
    {
        call.RequireSender();
        var task = await FindAsync(call, request.Id, ct);
        if (task.State.IsTerminal()) throw A2AError.TaskNotCancelable(task.TaskId, task.State);
        var canceled = task.UpstreamTaskId is { } upstreamId
            ? TaskTranslation.ToGateway(await call.Agent.CancelTaskAsync(upstreamId, ct), task.TaskId, task.ContextId, services.Clock.GetUtcNow())
            : task.Task with { Status = new Protocol.TaskStatus(TaskState.Canceled) { Timestamp = services.Clock.GetUtcNow() } };
        var update = new StreamResponse { StatusUpdate = new TaskStatusUpdateEvent(task.TaskId, task.ContextId, canceled.Status) };
        var saved = await services.Writer.ApplyAsync(call.TenantId, task.TaskId, update, call.Durable, ct);
        await lifecycle.SignalAsync(saved, LifecycleSignals.Cancel, call.Durable, ct);
        return saved.Task;
    }

    public async IAsyncEnumerable<StreamResponse> SubscribeAsync(GatewayCall call, SubscribeToTaskRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        var task = await FindAsync(call, request.Id, ct);
        if (task.State.IsTerminal()) throw A2AError.UnsupportedOperation($"task {task.TaskId} is already {task.State}");
        // A subscriber follows the task, not one turn of it: a task waiting for input stays subscribed to.
        await foreach (var e in StreamAsync(call, task.TaskId, untilTerminal: true, ct)) yield return e;
    }

    /// <summary>
    /// A task's stream: its current state first, then every event until it ends, or (a message's stream, whose turn
    /// is over) until it waits for input.
    /// </summary>
    public async IAsyncEnumerable<StreamResponse> StreamAsync(GatewayCall call, string taskId, bool untilTerminal, [EnumeratorCancellation] CancellationToken ct)
    {
        using var subscription = services.Hub.Subscribe(call.TenantId, taskId);
        var current = await FindAsync(call, taskId, ct);
        yield return new StreamResponse { Task = current.Task };
        if (Ends(current.State, untilTerminal)) yield break;
        await foreach (var e in ReadUntilAsync(call, subscription, current, untilTerminal, ct)) yield return e;
    }

    static bool Ends(TaskState state, bool untilTerminal) => state.IsTerminal() || (!untilTerminal && state.IsInterrupted());

    /// <summary>
    /// Events from this instance's hub; when the follower runs on another instance the hub stays quiet, so the
    /// stored task is checked too and any change is sent as a task snapshot.
    /// </summary>
    public async IAsyncEnumerable<StreamResponse> ReadUntilAsync(GatewayCall call, TaskEventHub.Subscription subscription, GatewayTask seen, bool untilTerminal,
        [EnumeratorCancellation] CancellationToken ct)
    {
        while (true)
        {
            TaskEvent? e = null;
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                wait.CancelAfter(services.Options.Value.PollInterval * 2);
                try
                {
                    if (await subscription.Events.WaitToReadAsync(wait.Token)) subscription.Events.TryRead(out e);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                }
            }
            if (e is null)
            {
                var stored = await FindAsync(call, seen.TaskId, ct);
                if (stored.UpdatedAt == seen.UpdatedAt) continue;
                // Events published meanwhile are already part of this snapshot.
                while (subscription.Events.TryRead(out _)) { }
                e = new TaskEvent(new StreamResponse { Task = stored.Task }, stored.UpdatedAt);
            }
            seen = seen with { UpdatedAt = e.StoredAt };
            yield return e.Event;
            var state = e.Event.StatusUpdate?.Status.State ?? e.Event.Task?.Status.State;
            if (state is { } s && Ends(s, untilTerminal)) yield break;
        }
    }

    public async Task<GatewayTask> FindAsync(GatewayCall call, string taskId, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(taskId)) throw A2AError.InvalidParams("id", "required");
        var stored = await services.Tasks.GetAsync(call.TenantId, taskId, ct);
        // Another agent's task through this agent's endpoint is as unknown as another tenant's.
        if (stored is null || stored.Task.AgentId != call.Listing.AgentId) throw A2AError.TaskNotFound(taskId);
        return stored.Task;
    }
}
