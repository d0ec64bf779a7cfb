using System.Diagnostics;
using System.Runtime.CompilerServices;
using Marketplace.A2A.Protocol;
using Marketplace.A2A.Server;
using Marketplace.A2A.Lifecycle;
using Marketplace.A2A.Tasks;
using Marketplace.Billing;
using Marketplace.Registry;
using Marketplace.Security;
using Marketplace.Tenancy;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Marketplace.A2A.Gateway;

/// <summary>
/// The marketplace as an A2A server in front of one listing, for one caller. The marketplace owns the task record;
/// the agent is called as an A2A client. Tasks are visible only to the tenant that created them. Orchestrations are
/// started and signalled with <paramref name="durable"/>, the Durable client of the request.
/// </summary>
public sealed class GatewayHandler(
    Caller caller, AgentListing listing, UpstreamAgent agent, ITaskStore tasks, IPushConfigStore pushConfigs, TaskWriter writer,
    TaskEventHub hub, TaskFollowers followers, ITaskLifecycle lifecycle, TaskHandOffs handOffs, GatewayBilling billing, SsrfGuard guard,
    string issuer, DurableTaskClient durable, IOptions<GatewayOptions> options, TimeProvider clock) : IA2AHandler
{
    static readonly Role[] Senders = [Role.Owner, Role.Developer, Role.Agent];

    /// <summary>The listing this handler calls, as the caller may see it.</summary>
    public AgentListing Listing => listing;

    string TenantId => caller.TenantId!;

    bool AgentStreams => listing.Card.Capabilities.Streaming == true;

    public async Task<SendMessageResponse> SendMessageAsync(SendMessageRequest request, CancellationToken ct)
    {
        var (existing, upstreamRequest, contextId) = await PrepareAsync(request, ct);
        var reservationId = existing is null ? await billing.ReserveAsync(caller, listing, request.Message, ct) : null;
        SendMessageResponse response;
        try
        {
            response = await agent.SendMessageAsync(upstreamRequest, ct);
        }
        catch
        {
            // Nothing was done for the caller: the credit held for it is given back.
            await billing.ReleaseAsync(caller, reservationId);
            throw;
        }
        if (response.Message is { } reply)
        {
            if (existing is null) await billing.RecordMessageAsync(caller, listing, request.Message, reservationId, ct);
            return new SendMessageResponse { Message = TaskTranslation.Message(reply, existing?.TaskId, contextId) };
        }
        var upstreamTask = response.Task ?? throw A2AError.InvalidAgentResponse("SendMessage returned neither a task nor a message");

        var (task, handOff) = await SaveAsync(existing, upstreamTask, contextId, request.Message, leased: false, reservationId, ct);
        if (request.Configuration?.TaskPushNotificationConfig is { } push) await AddPushConfigAsync(task, push, ct);
        await handOffs.RunAsync(task, handOff, durable, ct);
        return new SendMessageResponse { Task = task.Task.WithHistoryLength(request.Configuration?.HistoryLength) };
    }

    public async IAsyncEnumerable<StreamResponse> SendStreamingMessageAsync(SendMessageRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        var (existing, upstreamRequest, contextId) = await PrepareAsync(request, ct);
        if (!AgentStreams)
        {
            // The agent cannot stream: the gateway streams for it, from the blocking answer and then the follower.
            var response = await SendMessageAsync(request, ct);
            if (response.Message is { } message)
            {
                yield return new StreamResponse { Message = message };
                yield break;
            }
            await foreach (var e in StreamTaskAsync(response.Task!.Id, untilTerminal: false, ct)) yield return e;
            yield break;
        }

        // The follower owns the upstream stream so the task keeps being recorded even if this caller goes away.
        var reservationId = existing is null ? await billing.ReserveAsync(caller, listing, request.Message, ct) : null;
        var upstream = agent.SendStreamingMessageAsync(upstreamRequest, CancellationToken.None).GetAsyncEnumerator(CancellationToken.None);
        StreamResponse first;
        try
        {
            if (!await upstream.MoveNextAsync()) throw A2AError.InvalidAgentResponse("the stream ended without an event");
            first = upstream.Current;
        }
        catch
        {
            await upstream.DisposeAsync();
            await billing.ReleaseAsync(caller, reservationId);
            throw;
        }
        if (first.Message is { } direct)
        {
            await upstream.DisposeAsync();
            if (existing is null) await billing.RecordMessageAsync(caller, listing, request.Message, reservationId, ct);
            yield return new StreamResponse { Message = TaskTranslation.Message(direct, existing?.TaskId, contextId) };
            yield break;
        }
        var upstreamTask = first.Task
            ?? (first.StatusUpdate is { } status ? new AgentTask(status.TaskId, status.Status) { ContextId = status.ContextId } : null)
            ?? throw A2AError.InvalidAgentResponse("a stream must start with a task or a message");
        var (task, handOff) = await SaveAsync(existing, upstreamTask, contextId, request.Message, leased: !IsSettled(upstreamTask), reservationId, ct);
        if (request.Configuration?.TaskPushNotificationConfig is { } push) await AddPushConfigAsync(task, push, ct);
        using var subscription = hub.Subscribe(TenantId, task.TaskId);
        if (task.IsSettled) await upstream.DisposeAsync();
        else followers.Relay(task, upstream, durable);
        await handOffs.RunAsync(task, handOff, durable, ct);
        yield return new StreamResponse { Task = task.Task.WithHistoryLength(request.Configuration?.HistoryLength) };
        if (task.State.IsTerminal() || task.State.IsInterrupted()) yield break;
        await foreach (var e in ReadUntilAsync(subscription, task, untilTerminal: false, ct)) yield return e;
    }

    public async Task<AgentTask> GetTaskAsync(GetTaskRequest request, CancellationToken ct)
    {
        var task = await FindAsync(request.Id, ct);
        return task.Task.WithHistoryLength(request.HistoryLength);
    }

    public async Task<ListTasksResponse> ListTasksAsync(ListTasksRequest request, CancellationToken ct)
    {
        var pageSize = request.PageSize ?? 50;
        if (pageSize < 1 || pageSize > options.Value.MaxPageSize) throw A2AError.InvalidParams("pageSize", $"must be between 1 and {options.Value.MaxPageSize}");
        if (request.HistoryLength is < 0) throw A2AError.InvalidParams("historyLength", "must not be negative");
        // TASK_STATE_UNSPECIFIED is the proto default: no filter.
        var status = request.Status is TaskState.Unspecified ? null : request.Status;
        var page = await tasks.ListAsync(new TaskQuery(TenantId, listing.AgentId, request.ContextId, status, request.StatusTimestampAfter, pageSize, request.PageToken), ct);
        var shaped = page.Tasks.Select(t =>
        {
            var task = t.Task.WithHistoryLength(request.HistoryLength ?? 0);
            return request.IncludeArtifacts == true ? task : task with { Artifacts = null };
        }).ToList();
        return new ListTasksResponse(shaped, page.NextPageToken ?? "", pageSize, page.TotalSize);
    }

    public async Task<AgentTask> CancelTaskAsync(CancelTaskRequest request, CancellationToken ct)
    {
        RequireSender();
        var task = await FindAsync(request.Id, ct);
        if (task.State.IsTerminal()) throw A2AError.TaskNotCancelable(task.TaskId, task.State);
        var canceled = task.UpstreamTaskId is { } upstreamId
            ? TaskTranslation.ToGateway(await agent.CancelTaskAsync(upstreamId, ct), task.TaskId, task.ContextId, clock.GetUtcNow())
            : task.Task with { Status = new Protocol.TaskStatus(TaskState.Canceled) { Timestamp = clock.GetUtcNow() } };
        var update = new StreamResponse { StatusUpdate = new TaskStatusUpdateEvent(task.TaskId, task.ContextId, canceled.Status) };
        var saved = await writer.ApplyAsync(TenantId, task.TaskId, update, durable, ct);
        await lifecycle.SignalAsync(saved, LifecycleSignals.Cancel, durable, ct);
        return saved.Task;
    }

    public async IAsyncEnumerable<StreamResponse> SubscribeToTaskAsync(SubscribeToTaskRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        var task = await FindAsync(request.Id, ct);
        if (task.State.IsTerminal()) throw A2AError.UnsupportedOperation($"task {task.TaskId} is already {task.State}");
        // A subscriber follows the task, not one turn of it: a task waiting for input stays subscribed to.
        await foreach (var e in StreamTaskAsync(task.TaskId, untilTerminal: true, ct)) yield return e;
    }

    public async Task<TaskPushNotificationConfig> CreatePushConfigAsync(TaskPushNotificationConfig request, CancellationToken ct)
    {
        RequireSender();
        ValidatePushConfig(request, "");
        var task = await FindAsync(request.TaskId ?? throw A2AError.InvalidParams("taskId", "required"), ct);
        return await AddPushConfigAsync(task, request, ct);
    }

    /// <summary>Webhook URLs pass the SSRF guard before anything is done with the request, and again at every delivery.</summary>
    void ValidatePushConfig(TaskPushNotificationConfig request, string field)
    {
        if (string.IsNullOrWhiteSpace(request.Url)) throw A2AError.InvalidParams(field + "url", "required");
        if (!guard.TryValidateUrl(request.Url, out _, out var error)) throw A2AError.InvalidParams(field + "url", error);
        if (request.Authentication is { } auth && string.IsNullOrWhiteSpace(auth.Scheme)) throw A2AError.InvalidParams(field + "authentication.scheme", "required");
    }

    /// <summary>Saves a config already checked by <see cref="ValidatePushConfig"/>.</summary>
    async Task<TaskPushNotificationConfig> AddPushConfigAsync(GatewayTask task, TaskPushNotificationConfig request, CancellationToken ct)
    {
        var config = request with { TaskId = task.TaskId, Id = string.IsNullOrWhiteSpace(request.Id) ? "pnc-" + Ids.Random(12) : request.Id, Tenant = null };
        await pushConfigs.SaveAsync(TenantId, config, ct);
        await writer.EnablePushAsync(TenantId, task.TaskId, issuer, durable, ct);
        return Redact(config);
    }

    public async Task<TaskPushNotificationConfig> GetPushConfigAsync(GetTaskPushNotificationConfigRequest request, CancellationToken ct)
    {
        var task = await FindAsync(request.TaskId, ct);
        var config = await pushConfigs.GetAsync(TenantId, task.TaskId, request.Id, ct) ?? throw A2AError.TaskNotFound(request.TaskId);
        return Redact(config);
    }

    public async Task<ListTaskPushNotificationConfigsResponse> ListPushConfigsAsync(ListTaskPushNotificationConfigsRequest request, CancellationToken ct)
    {
        var task = await FindAsync(request.TaskId, ct);
        var configs = await pushConfigs.ListAsync(TenantId, task.TaskId, ct);
        return new ListTaskPushNotificationConfigsResponse(configs.Select(Redact).ToList());
    }

    public async Task DeletePushConfigAsync(DeleteTaskPushNotificationConfigRequest request, CancellationToken ct)
    {
        RequireSender();
        var task = await FindAsync(request.TaskId, ct);
        // Deleting is idempotent: a config already gone is as deleted as one removed now.
        await pushConfigs.DeleteAsync(TenantId, task.TaskId, request.Id, ct);
    }

    public Task<AgentCard> GetExtendedAgentCardAsync(GetExtendedAgentCardRequest request, CancellationToken ct) =>
        throw A2AError.UnsupportedOperation("the marketplace publishes no extended agent card");

    /// <summary>
    /// Validates the whole request and works out what to send upstream: a new task, or a turn of an existing one.
    /// Every check happens here, before credit is held, the agent is called or anything is stored: a request refused
    /// for any part of it (the webhook included) leaves no trace.
    /// </summary>
    async Task<(GatewayTask? Existing, SendMessageRequest Upstream, string ContextId)> PrepareAsync(SendMessageRequest request, CancellationToken ct)
    {
        RequireSender();
        if (listing.Status != ListingStatus.Active) throw A2AError.AgentUnavailable($"the listing is {listing.Status.ToString().ToLowerInvariant()}");
        MessageValidation.Validate(request.Message);
        if (request.Configuration?.HistoryLength is < 0) throw A2AError.InvalidParams("configuration.historyLength", "must not be negative");
        if (request.Configuration?.TaskPushNotificationConfig is { } push) ValidatePushConfig(push, "configuration.taskPushNotificationConfig.");
        var upstreamConfiguration = request.Configuration is { } c
            ? new SendMessageConfiguration { AcceptedOutputModes = c.AcceptedOutputModes, ReturnImmediately = c.ReturnImmediately }
            : null;

        if (request.Message.TaskId is { } taskId)
        {
            var existing = await FindAsync(taskId, ct);
            if (existing.State.IsTerminal()) throw A2AError.UnsupportedOperation($"task {taskId} is {existing.State} and accepts no more messages");
            if (request.Message.ContextId is { } given && given != existing.ContextId)
                throw A2AError.InvalidParams("message.contextId", "does not match the task's context");
            var message = request.Message with { TaskId = existing.UpstreamTaskId, ContextId = existing.UpstreamContextId };
            return (existing, new SendMessageRequest(message) { Configuration = upstreamConfiguration, Metadata = request.Metadata }, existing.ContextId);
        }
        var contextId = request.Message.ContextId ?? ContextIds.New();
        var fresh = request.Message with { ContextId = ContextIds.Upstream(TenantId, listing.AgentId, contextId) };
        return (null, new SendMessageRequest(fresh) { Configuration = upstreamConfiguration, Metadata = request.Metadata }, contextId);
    }

    static bool IsSettled(AgentTask task) => task.Status.State.IsTerminal() || task.Status.State.IsInterrupted();

    /// <summary>
    /// Records the agent's task — a new record, or the next state of an existing one — with the hand-off that must
    /// follow, in one write: a new task that finished within the request is stored with its usage event as an outbox
    /// row, sent to billing off the response path (the fast path: one round trip, shared by concurrent callers of the
    /// tenant); any other
    /// is handed to the durable lifecycle, which follows it, waits for input, enforces deadlines and bills it when it
    /// ends; a continued task's lifecycle is told the caller answered. A crash before the hand-off is done is made good
    /// by the sweeper (see <see cref="TaskHandOffs"/>).
    /// </summary>
    async Task<(GatewayTask Task, TaskHandOff HandOff)> SaveAsync(GatewayTask? existing, AgentTask upstreamTask, string contextId, Message sent, bool leased, string? reservationId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (existing is not null)
        {
            var translated = TaskTranslation.ToGateway(upstreamTask, existing.TaskId, existing.ContextId, now);
            var signal = handOffs.For(TenantId, existing.TaskId, HandOffKind.Signal);
            var continued = await writer.ApplyAsync(TenantId, existing.TaskId, new StreamResponse { Task = WithSent(translated, sent, existing.TaskId, existing.ContextId) }, durable, ct,
                following: leased, handOff: signal);
            CrashPoint();
            return (continued, signal);
        }
        var taskId = TaskIds.New(now);
        var task = TaskTranslation.ToGateway(upstreamTask, taskId, contextId, now);
        var record = new GatewayTask(TenantId, taskId, listing.AgentId, contextId, WithSent(task, sent, taskId, contextId), now, now)
        {
            UpstreamTaskId = upstreamTask.Id,
            UpstreamContextId = upstreamTask.ContextId ?? ContextIds.Upstream(TenantId, listing.AgentId, contextId),
            CreatedByKeyId = caller.KeyId,
            FollowerUntil = leased ? now + writer.LeaseDuration : null,
            ReservationId = reservationId,
            Pricing = listing.Pricing,
        };
        var handOff = record.State.IsTerminal() ? handOffs.ForBill(record, listing.PublisherTenantId) : handOffs.For(TenantId, taskId, HandOffKind.Follow);
        await tasks.CreateAsync(record, handOff, ct);
        CrashPoint();
        return (record, handOff);
    }

    /// <summary>Test only (<see cref="GatewayOptions.KillProcessAfterTaskSave"/>): dies between the save and its hand-off.</summary>
    void CrashPoint()
    {
        if (options.Value.KillProcessAfterTaskSave) Process.GetCurrentProcess().Kill();
    }

    /// <summary>Agents need not echo the caller's message; the task's history always holds it.</summary>
    static AgentTask WithSent(AgentTask task, Message sent, string taskId, string contextId)
    {
        var history = task.History ?? [];
        return history.Any(m => m.MessageId == sent.MessageId) ? task : task with { History = [TaskTranslation.Message(sent, taskId, contextId), .. history] };
    }

    /// <summary>
    /// A task's stream: its current state first, then every event until it ends, or (a message's stream, whose turn
    /// is over) until it waits for input.
    /// </summary>
    async IAsyncEnumerable<StreamResponse> StreamTaskAsync(string taskId, bool untilTerminal, [EnumeratorCancellation] CancellationToken ct)
    {
        using var subscription = hub.Subscribe(TenantId, taskId);
        var current = await FindAsync(taskId, ct);
        yield return new StreamResponse { Task = current.Task };
        if (Ends(current.State, untilTerminal)) yield break;
        await foreach (var e in ReadUntilAsync(subscription, current, untilTerminal, ct)) yield return e;
    }

    static bool Ends(TaskState state, bool untilTerminal) => state.IsTerminal() || (!untilTerminal && state.IsInterrupted());

    /// <summary>
    /// Events from this instance's hub; when the follower runs on another instance the hub stays quiet, so the
    /// stored task is checked too and any change is sent as a task snapshot.
    /// </summary>
    async IAsyncEnumerable<StreamResponse> ReadUntilAsync(TaskEventHub.Subscription subscription, GatewayTask seen, bool untilTerminal, [EnumeratorCancellation] CancellationToken ct)
    {
        while (true)
        {
            TaskEvent? e = null;
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                wait.CancelAfter(options.Value.PollInterval * 2);
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
                var stored = await FindAsync(seen.TaskId, ct);
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

    async Task<GatewayTask> FindAsync(string taskId, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(taskId)) throw A2AError.InvalidParams("id", "required");
        var stored = await tasks.GetAsync(TenantId, taskId, ct);
        // Another agent's task through this agent's endpoint is as unknown as another tenant's.
        if (stored is null || stored.Task.AgentId != listing.AgentId) throw A2AError.TaskNotFound(taskId);
        return stored.Task;
    }

    void RequireSender()
    {
        if (caller.Role is not { } role || !Senders.Contains(role))
            throw A2AError.PermissionDenied("This key may read tasks but not send messages, cancel or configure notifications (needs owner, developer or agent).");
    }


    static TaskPushNotificationConfig Redact(TaskPushNotificationConfig config) =>
        config.Authentication is { Credentials: not null } auth ? config with { Authentication = auth with { Credentials = null } } : config;
}
