using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Marketplace.A2A.Protocol;
using Marketplace.A2A.Server;
using Marketplace.Registry;
using Microsoft.Extensions.Logging;

namespace Marketplace.Agents;

/// <summary>
/// A complete A2A v1.0 server for one agent, tasks kept in memory: each message to a new task runs one skill in the
/// background; callers block, poll, stream or subscribe. Push notifications are not offered (the marketplace
/// provides them in front of the agent).
/// </summary>
public sealed class InMemoryAgent(IReadOnlyList<ISkill> skills, ILogger<InMemoryAgent> logger) : IA2AHandler
{
    readonly ConcurrentDictionary<string, AgentTaskState> tasks = new();

    public async Task<SendMessageResponse> SendMessageAsync(SendMessageRequest request, CancellationToken ct)
    {
        var state = await AcceptAsync(request);
        if (request.Configuration?.ReturnImmediately != true) await state.WaitSettledAsync(ct);
        return new SendMessageResponse { Task = state.Snapshot.WithHistoryLength(request.Configuration?.HistoryLength) };
    }

    public async IAsyncEnumerable<StreamResponse> SendStreamingMessageAsync(SendMessageRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        var state = await AcceptAsync(request);
        await foreach (var e in StreamAsync(state, ct)) yield return e;
    }

    public Task<AgentTask> GetTaskAsync(GetTaskRequest request, CancellationToken ct) =>
        Task.FromResult(Find(request.Id).Snapshot.WithHistoryLength(request.HistoryLength));

    public Task<ListTasksResponse> ListTasksAsync(ListTasksRequest request, CancellationToken ct)
    {
        var pageSize = request.PageSize ?? 50;
        if (pageSize is < 1 or > 100) throw A2AError.InvalidParams("pageSize", "must be between 1 and 100");
        var offset = string.IsNullOrEmpty(request.PageToken) ? 0 : int.TryParse(request.PageToken, out var o) && o >= 0 ? o : throw A2AError.InvalidParams("pageToken", "unknown token");
        var matching = tasks.Values.Select(t => t.Snapshot)
            .Where(t => request.ContextId is null || t.ContextId == request.ContextId)
            .Where(t => request.Status is null or TaskState.Unspecified || t.Status.State == request.Status)
            .OrderByDescending(t => t.Status.Timestamp).ThenBy(t => t.Id, StringComparer.Ordinal)
            .ToList();
        var page = matching.Skip(offset).Take(pageSize)
            .Select(t => t.WithHistoryLength(request.HistoryLength ?? 0) with { Artifacts = request.IncludeArtifacts == true ? t.Artifacts : null }).ToList();
        var next = offset + page.Count < matching.Count ? (offset + page.Count).ToString() : "";
        return Task.FromResult(new ListTasksResponse(page, next, pageSize, matching.Count));
    }

    public async Task<AgentTask> CancelTaskAsync(CancelTaskRequest request, CancellationToken ct)
    {
        var state = Find(request.Id);
        var current = state.Snapshot.Status.State;
        if (current.IsTerminal()) throw A2AError.TaskNotCancelable(request.Id, current);
        state.Cancel();
        await state.FinishAsync(TaskState.Canceled, "Canceled at the caller's request.");
        return state.Snapshot;
    }

    public IAsyncEnumerable<StreamResponse> SubscribeToTaskAsync(SubscribeToTaskRequest request, CancellationToken ct)
    {
        var state = Find(request.Id);
        if (state.Snapshot.Status.State.IsTerminal()) throw A2AError.UnsupportedOperation($"task {request.Id} has ended");
        return StreamAsync(state, ct);
    }

    public Task<TaskPushNotificationConfig> CreatePushConfigAsync(TaskPushNotificationConfig request, CancellationToken ct) => throw A2AError.PushNotificationNotSupported();

    public Task<TaskPushNotificationConfig> GetPushConfigAsync(GetTaskPushNotificationConfigRequest request, CancellationToken ct) => throw A2AError.PushNotificationNotSupported();

    public Task<ListTaskPushNotificationConfigsResponse> ListPushConfigsAsync(ListTaskPushNotificationConfigsRequest request, CancellationToken ct) => throw A2AError.PushNotificationNotSupported();

    public Task DeletePushConfigAsync(DeleteTaskPushNotificationConfigRequest request, CancellationToken ct) => throw A2AError.PushNotificationNotSupported();

    public Task<AgentCard> GetExtendedAgentCardAsync(GetExtendedAgentCardRequest request, CancellationToken ct) =>
        throw A2AError.UnsupportedOperation("this agent has no extended card");

    /// <summary>A new task (its skill starts now), or the caller's answer to a task waiting for input.</summary>
    async Task<AgentTaskState> AcceptAsync(SendMessageRequest request)
    {
        var message = request.Message;
        if (message.Parts is not { Count: > 0 }) throw A2AError.InvalidParams("message.parts", "at least one part is required");
        if (message.TaskId is { Length: > 0 } taskId)
        {
            var existing = Find(taskId);
            if (message.ContextId is { Length: > 0 } c && c != existing.ContextId) throw A2AError.InvalidParams("message.contextId", "does not match the task");
            if (existing.Snapshot.Status.State.IsTerminal()) throw A2AError.UnsupportedOperation($"task {taskId} has ended");
            if (!await existing.ProvideInputAsync(message with { ContextId = existing.ContextId })) throw A2AError.UnsupportedOperation($"task {taskId} is not waiting for input");
            return existing;
        }
        var skill = Choose(message);
        var contextId = message.ContextId is { Length: > 0 } given ? given : "ctx-" + Guid.NewGuid().ToString("N");
        var id = "task-" + Guid.NewGuid().ToString("N");
        var first = message with { TaskId = id, ContextId = contextId };
        var state = new AgentTaskState(new AgentTask(id, new A2A.Protocol.TaskStatus(TaskState.Submitted) { Timestamp = DateTimeOffset.UtcNow })
        {
            ContextId = contextId,
            History = [first],
        });
        tasks[id] = state;
        _ = Task.Run(() => RunAsync(state, first, skill));
        return state;
    }

    async Task RunAsync(AgentTaskState state, Message message, ISkill skill)
    {
        try
        {
            await state.SetStatusAsync(TaskState.Working);
            var run = new SkillRun(state, message, state.Cancellation);
            await skill.RunAsync(run);
            await state.FinishAsync(TaskState.Completed, metadata: run.Usage.Count == 0 ? null
                : System.Text.Json.JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["usage"] = run.Usage }));
        }
        catch (OperationCanceledException) when (state.Cancellation.IsCancellationRequested)
        {
            await state.FinishAsync(TaskState.Canceled);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Skill {Skill} failed on task {TaskId}", skill.Id, state.Id);
            await state.FinishAsync(TaskState.Failed, $"The skill failed: {ex.Message}");
        }
    }

    /// <summary>The skill named in metadata, else the first whose id appears in the text, else the first skill.</summary>
    ISkill Choose(Message message)
    {
        if (MessageMetadata.String(message, "skill") is { } named)
            return skills.FirstOrDefault(s => s.Id == named) ?? throw A2AError.InvalidParams("message.metadata.skill", $"unknown skill '{named}'");
        var text = MessageMetadata.Text(message);
        return skills.FirstOrDefault(s => text.Contains(s.Id, StringComparison.OrdinalIgnoreCase)) ?? skills[0];
    }

    static async IAsyncEnumerable<StreamResponse> StreamAsync(AgentTaskState state, [EnumeratorCancellation] CancellationToken ct)
    {
        var (snapshot, events, unsubscribe) = state.Subscribe();
        try
        {
            yield return new StreamResponse { Task = snapshot };
            if (snapshot.Status.State.IsTerminal() || snapshot.Status.State.IsInterrupted()) yield break;
            await foreach (var e in events.ReadAllAsync(ct))
            {
                yield return e;
                if (e.StatusUpdate?.Status.State is { } s && (s.IsTerminal() || s.IsInterrupted())) yield break;
            }
        }
        finally
        {
            unsubscribe();
        }
    }

    AgentTaskState Find(string id) =>
        !string.IsNullOrWhiteSpace(id) && tasks.TryGetValue(id, out var state) ? state : throw A2AError.TaskNotFound(id ?? "");
}
