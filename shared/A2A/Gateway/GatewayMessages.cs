using System.Diagnostics;
using System.Runtime.CompilerServices;
using Marketplace.A2A.Lifecycle;
using Marketplace.A2A.Protocol;
using Marketplace.A2A.Tasks;
using Marketplace.Registry;

namespace Marketplace.A2A.Gateway;

/// <summary>
/// Sending a message to a listed agent through the gateway: the marketplace owns the task record, the agent is called
/// as an A2A client, and what follows the agent's answer (billing, the durable lifecycle, the stream relay) is handed
/// off here.
/// </summary>
public sealed class GatewayMessages(
    GatewayServices services, GatewayTasks tasks, TaskPushConfigs pushConfigs, TaskFollowers followers, TaskHandOffs handOffs, GatewayBilling billing)
{
    public async Task<SendMessageResponse> SendAsync(GatewayCall call, SendMessageRequest request, CancellationToken ct)
    {
        var (existing, upstreamRequest, contextId) = await PrepareAsync(call, request, ct);
        var reservationId = existing is null ? await billing.ReserveAsync(call.Caller, call.Listing, request.Message, ct) : null;
        SendMessageResponse response;
        try
        {
            response = await call.Agent.SendMessageAsync(upstreamRequest, ct);
        }
        catch
        {
            // Nothing was done for the caller: the credit held for it is given back.
            await billing.ReleaseAsync(call.Caller, reservationId);
            throw;
        }
        if (response.Message is { } reply)
        {
            if (existing is null) await billing.RecordMessageAsync(call.Caller, call.Listing, request.Message, reservationId, ct);
            return new SendMessageResponse { Message = TaskTranslation.Message(reply, existing?.TaskId, contextId) };
        }
        var upstreamTask = response.Task ?? throw A2AError.InvalidAgentResponse("SendMessage returned neither a task nor a message");

        var (task, handOff) = await SaveAsync(call, existing, upstreamTask, contextId, request.Message, leased: false, reservationId, ct);
        if (request.Configuration?.TaskPushNotificationConfig is { } push) await pushConfigs.AddAsync(call, task, push, ct);
        await handOffs.RunAsync(task, handOff, call.Durable, ct);
        return new SendMessageResponse { Task = task.Task.WithHistoryLength(request.Configuration?.HistoryLength) };
    }

    public async IAsyncEnumerable<StreamResponse> SendStreamingAsync(GatewayCall call, SendMessageRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        var (existing, upstreamRequest, contextId) = await PrepareAsync(call, request, ct);
        if (!call.AgentStreams)
        {
            // The agent cannot stream: the gateway streams for it, from the blocking answer and then the follower.
            var response = await SendAsync(call, request, ct);
            if (response.Message is { } message)
            {
                yield return new StreamResponse { Message = message };
                yield break;
            }
            await foreach (var e in tasks.StreamAsync(call, response.Task!.Id, untilTerminal: false, ct)) yield return e;
            yield break;
        }

        // The follower owns the upstream stream so the task keeps being recorded even if this caller goes away.
        var reservationId = existing is null ? await billing.ReserveAsync(call.Caller, call.Listing, request.Message, ct) : null;
        var upstream = call.Agent.SendStreamingMessageAsync(upstreamRequest, CancellationToken.None).GetAsyncEnumerator(CancellationToken.None);
        StreamResponse first;
        try
        {
            if (!await upstream.MoveNextAsync()) throw A2AError.InvalidAgentResponse("the stream ended without an event");
            first = upstream.Current;
        }
        catch
        {
            await upstream.DisposeAsync();
            await billing.ReleaseAsync(call.Caller, reservationId);
            throw;
        }
        if (first.Message is { } direct)
        {
            await upstream.DisposeAsync();
            if (existing is null) await billing.RecordMessageAsync(call.Caller, call.Listing, request.Message, reservationId, ct);
            yield return new StreamResponse { Message = TaskTranslation.Message(direct, existing?.TaskId, contextId) };
            yield break;
        }
        var upstreamTask = first.Task
            ?? (first.StatusUpdate is { } status ? new AgentTask(status.TaskId, status.Status) { ContextId = status.ContextId } : null)
            ?? throw A2AError.InvalidAgentResponse("a stream must start with a task or a message");
        var (task, handOff) = await SaveAsync(call, existing, upstreamTask, contextId, request.Message, leased: !IsSettled(upstreamTask), reservationId, ct);
        if (request.Configuration?.TaskPushNotificationConfig is { } push) await pushConfigs.AddAsync(call, task, push, ct);
        using var subscription = services.Hub.Subscribe(call.TenantId, task.TaskId);
        if (task.IsSettled) await upstream.DisposeAsync();
        else followers.Relay(task, upstream, call.Durable);
        await handOffs.RunAsync(task, handOff, call.Durable, ct);
        yield return new StreamResponse { Task = task.Task.WithHistoryLength(request.Configuration?.HistoryLength) };
        if (task.State.IsTerminal() || task.State.IsInterrupted()) yield break;
        await foreach (var e in tasks.ReadUntilAsync(call, subscription, task, untilTerminal: false, ct)) yield return e;
    }

    /// <summary>
    /// Validates the whole request and works out what to send upstream: a new task, or a turn of an existing one.
    /// Every check happens here, before credit is held, the agent is called or anything is stored: a request refused
    /// for any part of it (the webhook included) leaves no trace.
    /// </summary>
    async Task<(GatewayTask? Existing, SendMessageRequest Upstream, string ContextId)> PrepareAsync(GatewayCall call, SendMessageRequest request, CancellationToken ct)
    {
        call.RequireSender();
        var listing = call.Listing;
        if (listing.Status != ListingStatus.Active) throw A2AError.AgentUnavailable($"the listing is {listing.Status.ToString().ToLowerInvariant()}");
        MessageValidation.Validate(request.Message);
        if (request.Configuration?.HistoryLength is < 0) throw A2AError.InvalidParams("configuration.historyLength", "must not be negative");
        if (request.Configuration?.TaskPushNotificationConfig is { } push) pushConfigs.Validate(push, "configuration.taskPushNotificationConfig.");
        var upstreamConfiguration = request.Configuration is { } c
            ? new SendMessageConfiguration { AcceptedOutputModes = c.AcceptedOutputModes, ReturnImmediately = c.ReturnImmediately }
            : null;

        if (request.Message.TaskId is { } taskId)
        {
            var existing = await tasks.FindAsync(call, taskId, ct);
            if (existing.State.IsTerminal()) throw A2AError.UnsupportedOperation($"task {taskId} is {existing.State} and accepts no more messages");
            if (request.Message.ContextId is { } given && given != existing.ContextId)
                throw A2AError.InvalidParams("message.contextId", "does not match the task's context");
            var message = request.Message with { TaskId = existing.UpstreamTaskId, ContextId = existing.UpstreamContextId };
            return (existing, new SendMessageRequest(message) { Configuration = upstreamConfiguration, Metadata = request.Metadata }, existing.ContextId);
        }
        var contextId = request.Message.ContextId ?? ContextIds.New();
        var fresh = request.Message with { ContextId = ContextIds.Upstream(call.TenantId, listing.AgentId, contextId) };
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
    async Task<(GatewayTask Task, TaskHandOff HandOff)> SaveAsync(GatewayCall call, GatewayTask? existing, AgentTask upstreamTask, string contextId, Message sent, bool leased,
        string? reservationId, CancellationToken ct)
    {
        var (tenantId, listing) = (call.TenantId, call.Listing);
        var now = services.Clock.GetUtcNow();
        if (existing is not null)
        {
            var translated = TaskTranslation.ToGateway(upstreamTask, existing.TaskId, existing.ContextId, now);
            var signal = handOffs.For(tenantId, existing.TaskId, HandOffKind.Signal);
            var continued = await services.Writer.ApplyAsync(tenantId, existing.TaskId, new StreamResponse { Task = WithSent(translated, sent, existing.TaskId, existing.ContextId) },
                call.Durable, ct, following: leased, handOff: signal);
            CrashPoint();
            return (continued, signal);
        }
        var taskId = TaskIds.New(now);
        var task = TaskTranslation.ToGateway(upstreamTask, taskId, contextId, now);
        var record = new GatewayTask(tenantId, taskId, listing.AgentId, contextId, WithSent(task, sent, taskId, contextId), now, now)
        {
            UpstreamTaskId = upstreamTask.Id,
            UpstreamContextId = upstreamTask.ContextId ?? ContextIds.Upstream(tenantId, listing.AgentId, contextId),
            CreatedByKeyId = call.Caller.KeyId,
            FollowerUntil = leased ? now + services.Writer.LeaseDuration : null,
            ReservationId = reservationId,
            Pricing = listing.Pricing,
        };
        var handOff = record.State.IsTerminal() ? handOffs.ForBill(record, listing.PublisherTenantId) : handOffs.For(tenantId, taskId, HandOffKind.Follow);
        await services.Tasks.CreateAsync(record, handOff, ct);
        CrashPoint();
        return (record, handOff);
    }

    /// <summary>Test only (<see cref="GatewayOptions.KillProcessAfterTaskSave"/>): dies between the save and its hand-off.</summary>
    void CrashPoint()
    {
        if (services.Options.Value.KillProcessAfterTaskSave) Process.GetCurrentProcess().Kill();
    }

    /// <summary>Agents need not echo the caller's message; the task's history always holds it.</summary>
    static AgentTask WithSent(AgentTask task, Message sent, string taskId, string contextId)
    {
        var history = task.History ?? [];
        return history.Any(m => m.MessageId == sent.MessageId) ? task : task with { History = [TaskTranslation.Message(sent, taskId, contextId), .. history] };
    }
}
