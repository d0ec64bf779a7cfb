using Marketplace.Serialization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Marketplace.A2A.Gateway;
using Marketplace.A2A.Protocol;
using Marketplace.A2A.Server;
using Marketplace.A2A.Tasks;
using Marketplace.Registry;
using Marketplace.Http;
using Marketplace.Search;
using Marketplace.Tenancy;
using Microsoft.DurableTask.Client;

namespace Marketplace.Concierge;

/// <summary>
/// The concierge answers every message with a message: it keeps no tasks of its own. <c>find-agent</c> is the
/// unified search over agents (what the caller's key may see); <c>delegate</c> sends the request to the best of them
/// through the gateway's handler in process, so role, visibility, billing and the task record are the gateway's (and
/// the task's lifecycle is started with the request's Durable client).
/// </summary>
public sealed class ConciergeHandler(Caller caller, UnifiedSearch search, GatewayHandlerFactory gateway, string baseUrl, DurableTaskClient durable) : IA2AHandler
{
    const int MaxQuery = 500, Shown = 5;
    static readonly HashSet<string> AgentsOnly = [SearchItemTypes.Agent];

    public async Task<SendMessageResponse> SendMessageAsync(SendMessageRequest request, CancellationToken ct) =>
        new() { Message = await AnswerAsync(request.Message, ct) };

    public async IAsyncEnumerable<StreamResponse> SendStreamingMessageAsync(SendMessageRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        yield return new StreamResponse { Message = await AnswerAsync(request.Message, ct) };
    }

    async Task<Message> AnswerAsync(Message message, CancellationToken ct)
    {
        MessageValidation.Validate(message);
        if (message.TaskId is not null) throw A2AError.UnsupportedOperation("the concierge keeps no tasks: send a new message");
        var skill = message.Metadata is { ValueKind: JsonValueKind.Object } m && m.TryGetProperty("skill", out var s) ? s : default;
        var skillId = skill.ValueKind switch
        {
            JsonValueKind.Undefined or JsonValueKind.Null => ConciergeCard.FindAgent,
            JsonValueKind.String => skill.GetString(),
            _ => null,
        };
        if (skillId is not (ConciergeCard.FindAgent or ConciergeCard.Delegate))
            throw A2AError.InvalidParams("message.metadata.skill", $"one of {ConciergeCard.FindAgent}, {ConciergeCard.Delegate}");
        var query = string.Join("\n", message.Parts.Select(p => p.Text).Where(t => !string.IsNullOrWhiteSpace(t)));
        if (query.Length == 0) throw A2AError.InvalidParams("message.parts", "say in a text part what you need");
        return skillId == ConciergeCard.FindAgent ? await FindAsync(message, query, ct) : await DelegateAsync(message, query, ct);
    }

    async Task<Message> FindAsync(Message message, string query, CancellationToken ct)
    {
        if (query.Length > MaxQuery) throw A2AError.InvalidParams("message.parts", $"at most {MaxQuery} characters to search for");
        var found = await search.SearchAsync(caller, query, AgentsOnly, Shown, ct);
        var agents = found.Items.Select(i => new ConciergeAgent(i.Id, i.Name, i.Description, i.Score,
            new ConciergeWhy(i.Match.Terms, i.Match.Similarity is { } sim ? Math.Round(sim, 3) : null, i.MatchedSkills?.Select(k => k.Id).ToList() ?? []),
            baseUrl + GatewayCard.JsonRpcPath(i.Id))).ToList();
        var text = agents.Count == 0
            ? "No agent you may call matches that."
            : string.Join("\n", agents.Select((a, n) => $"{n + 1}. {a.Name} ({a.AgentId}){Why(a.Why)}"));
        return Reply(message, [Part.FromText(text), Data(new ConciergeFindings(query, agents))]);
    }

    async Task<Message> DelegateAsync(Message message, string query, CancellationToken ct)
    {
        GatewayHandlerFactory.EnsureMayCallAgents(caller);
        var best = (await search.SearchAsync(caller, query.Length > MaxQuery ? query[..MaxQuery] : query, AgentsOnly, 1, ct)).Items.FirstOrDefault();
        if (best is null) return Reply(message, [Part.FromText("No agent you may call matches that; nothing was sent.")]);
        // The skill that holds the most of the request's words, then the closest in meaning.
        var skillId = best.MatchedSkills?.OrderByDescending(k => k.Terms.Count).ThenByDescending(k => k.Similarity ?? 0).FirstOrDefault()?.Id;
        var forwarded = new Message("concierge-" + Guid.NewGuid().ToString("N"), MessageRole.User, message.Parts)
        {
            Metadata = skillId is null ? null : JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["skill"] = skillId }),
        };
        var handler = await gateway.CreateForCallerAsync(caller, best.Id, baseUrl, durable, ct);
        var response = await handler.SendMessageAsync(new SendMessageRequest(forwarded), ct);
        if (response.Message is { } reply)
            return Reply(message, [.. reply.Parts, Data(new ConciergeDelegation(best.Id, best.Name, skillId, null, null))]);
        var task = response.Task!;
        var state = JsonSerializer.SerializeToElement(task.Status.State, ProtoJson.Options).GetString();
        var parts = task.Status.State == TaskState.Completed
            ? (task.Artifacts ?? []).SelectMany(a => a.Parts).ToList()
            : [Part.FromText($"{best.Name} took the request as task {task.Id}, now {state}; follow it at {baseUrl + GatewayCard.JsonRpcPath(best.Id)}.")];
        return Reply(message, [.. parts, Data(new ConciergeDelegation(best.Id, best.Name, skillId, task.Id, state))]);
    }

    static string Why(ConciergeWhy why)
    {
        var reasons = new List<string>();
        if (why.Terms.Count > 0) reasons.Add("words: " + string.Join(", ", why.Terms));
        if (why.Similarity is { } s) reasons.Add($"similarity {s:0.00}");
        if (why.Skills.Count > 0) reasons.Add("skills: " + string.Join(", ", why.Skills));
        return reasons.Count == 0 ? "" : " — " + string.Join("; ", reasons);
    }

    static Part Data<T>(T value) => new() { Data = JsonSerializer.SerializeToElement(value, Json.Lenient), MediaType = "application/json" };

    static Message Reply(Message to, IReadOnlyList<Part> parts) =>
        new("concierge-" + Guid.NewGuid().ToString("N"), MessageRole.Agent, parts) { ContextId = to.ContextId ?? ContextIds.New() };

    public Task<AgentTask> GetTaskAsync(GetTaskRequest request, CancellationToken ct) => throw A2AError.TaskNotFound(request.Id);

    public Task<ListTasksResponse> ListTasksAsync(ListTasksRequest request, CancellationToken ct) =>
        Task.FromResult(new ListTasksResponse([], "", request.PageSize ?? 50, 0));

    public Task<AgentTask> CancelTaskAsync(CancelTaskRequest request, CancellationToken ct) => throw A2AError.TaskNotFound(request.Id);

    public IAsyncEnumerable<StreamResponse> SubscribeToTaskAsync(SubscribeToTaskRequest request, CancellationToken ct) => throw A2AError.TaskNotFound(request.Id);

    public Task<TaskPushNotificationConfig> CreatePushConfigAsync(TaskPushNotificationConfig request, CancellationToken ct) => throw A2AError.PushNotificationNotSupported();

    public Task<TaskPushNotificationConfig> GetPushConfigAsync(GetTaskPushNotificationConfigRequest request, CancellationToken ct) => throw A2AError.PushNotificationNotSupported();

    public Task<ListTaskPushNotificationConfigsResponse> ListPushConfigsAsync(ListTaskPushNotificationConfigsRequest request, CancellationToken ct) => throw A2AError.PushNotificationNotSupported();

    public Task DeletePushConfigAsync(DeleteTaskPushNotificationConfigRequest request, CancellationToken ct) => throw A2AError.PushNotificationNotSupported();

    public Task<AgentCard> GetExtendedAgentCardAsync(GetExtendedAgentCardRequest request, CancellationToken ct) => throw A2AError.ExtendedAgentCardNotConfigured();
}
