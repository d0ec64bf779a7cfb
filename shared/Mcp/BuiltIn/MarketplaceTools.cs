using Marketplace.Serialization;
using System.Text.Json;
using Marketplace.Http;
using Marketplace.Registry;
using Marketplace.Search;
using Marketplace.Tenancy;
using Microsoft.DurableTask.Client;
using ModelContextProtocol.Protocol;

namespace Marketplace.Mcp.BuiltIn;

/// <summary>
/// The marketplace's own tools, in every tenant's hub beside its registered ones, so an MCP client (an IDE, an
/// assistant, another agent) can find agents, tools and workflows and read a listing without custom code. They see
/// exactly what the caller's key sees through the REST API; their names are reserved.
/// </summary>
public sealed class MarketplaceTools(UnifiedSearch search, AgentService agents, SendMessageTool sendMessage, WorkflowRunTools workflowRuns)
{
    public const string Prefix = "marketplace";
    public const string Search = "marketplace.search", GetAgent = "marketplace.get_agent", SendMessage = "marketplace.send_message",
        StartWorkflow = "marketplace.start_workflow", GetRun = "marketplace.get_run";
    const int MaxQuery = 500, MaxLimit = 50, DefaultLimit = 10;

    public static readonly IReadOnlyList<Tool> Definitions =
    [
        new()
        {
            Name = Search,
            Description = "Find agents, tools, MCP servers and workflows on the marketplace by what you need, in words. " +
                "Returns them ranked, each with its type, id (an agent id to call, a tool name, a server prefix or a workflow id), name and why it matched.",
            InputSchema = Schema($$$"""
                {"type":"object","properties":{
                  "query":{"type":"string","description":"What you need, e.g. 'convert miles to kilometres'","maxLength":{{{MaxQuery}}}},
                  "types":{"type":"array","items":{"type":"string","enum":["agent","tool","mcp-server","workflow"]},"description":"Only these kinds (default: all)"},
                  "limit":{"type":"integer","minimum":1,"maximum":{{{MaxLimit}}},"description":"How many results (default {{{DefaultLimit}}})"}},
                 "required":["query"]}
                """),
        },
        new()
        {
            Name = GetAgent,
            Description = "Read an agent's listing: what it does, its skills with examples, its price, whether its card signature was verified, and the A2A endpoints to call it through the marketplace.",
            InputSchema = Schema("""{"type":"object","properties":{"agentId":{"type":"string","description":"An agent id from marketplace.search"}},"required":["agentId"]}"""),
        },
        new()
        {
            Name = SendMessage,
            Description = "Send a message to an agent through the marketplace (billed at the agent's price, recorded as a task). " +
                "Returns the agent's reply message, or its task with status and artifacts.",
            InputSchema = Schema($$$"""
                {"type":"object","properties":{
                  "agent":{"type":"string","description":"The agent's id (from marketplace.search) or its exact name"},
                  "text":{"type":"string","description":"The message, as text","maxLength":{{{SendMessageTool.MaxText}}}},
                  "parts":{"type":"array","items":{"type":"object"},"description":"Instead of text: A2A parts, each with one of text, data (any JSON) or url"},
                  "skill":{"type":"string","description":"The skill id to run (optional)"}},
                 "required":["agent"]}
                """),
        },
        new()
        {
            Name = StartWorkflow,
            Description = "Start a run of one of your tenant's workflows with its input. Returns the run id; read its progress and output with marketplace.get_run.",
            InputSchema = Schema("""
                {"type":"object","properties":{
                  "workflow":{"type":"string","description":"The workflow's id or name (from marketplace.search)"},
                  "input":{"type":"object","description":"The workflow's input, matching its input schema"}},
                 "required":["workflow"]}
                """),
        },
        new()
        {
            Name = GetRun,
            Description = "Read a workflow run: its state, each step's state and output, and the run's output once it has finished.",
            InputSchema = Schema("""{"type":"object","properties":{"runId":{"type":"string","description":"The run id marketplace.start_workflow returned"}},"required":["runId"]}"""),
        },
    ];

    /// <summary>Names a tenant cannot give its own tools or federated servers.</summary>
    public static bool IsReserved(string name) =>
        name == Prefix || name.StartsWith(Prefix + ".", StringComparison.Ordinal);

    public static bool IsBuiltIn(string name) => Definitions.Any(d => d.Name == name);

    /// <param name="durable">The operation's Durable client, for the tools that start tasks or runs.</param>
    public Task<CallToolResult> CallAsync(Caller caller, string name, IReadOnlyDictionary<string, JsonElement> arguments, string baseUrl, DurableTaskClient durable, CancellationToken ct) =>
        name switch
        {
            Search => SearchAsync(caller, arguments, ct),
            SendMessage => sendMessage.CallAsync(caller, arguments, baseUrl, durable, ct),
            StartWorkflow => workflowRuns.StartAsync(caller, arguments, durable, ct),
            GetRun => workflowRuns.GetRunAsync(caller, arguments, ct),
            _ => GetAgentAsync(caller, arguments, baseUrl, ct),
        };

    async Task<CallToolResult> SearchAsync(Caller caller, IReadOnlyDictionary<string, JsonElement> arguments, CancellationToken ct)
    {
        if (Text(arguments, "query") is not { } query || string.IsNullOrWhiteSpace(query) || query.Length > MaxQuery)
            return ToolResults.Error($"'query' is required: what you are looking for, in at most {MaxQuery} characters.");
        var types = SearchItemTypes.All.ToHashSet();
        if (arguments.TryGetValue("types", out var rawTypes))
        {
            if (rawTypes.ValueKind != JsonValueKind.Array || rawTypes.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String || !SearchItemTypes.All.Contains(t.GetString())))
                return ToolResults.Error($"'types' must be an array of {string.Join(", ", SearchItemTypes.All)}.");
            types = rawTypes.EnumerateArray().Select(t => t.GetString()!).ToHashSet();
            if (types.Count == 0) return ToolResults.Error("'types' must name at least one kind.");
        }
        var limit = DefaultLimit;
        if (arguments.TryGetValue("limit", out var rawLimit) && (!rawLimit.TryGetInt32(out limit) || limit is < 1 or > MaxLimit))
            return ToolResults.Error($"'limit' must be an integer from 1 to {MaxLimit}.");
        var page = await search.SearchAsync(caller, query, types, limit, ct);
        var found = new MarketplaceSearchResult(page.Items.Select(i => new MarketplaceSearchItem(i.Type, i.Id, i.Name, i.Description, i.Score,
            i.Match.Terms, i.Match.Similarity is { } s ? Math.Round(s, 3) : null, i.MatchedSkills?.Select(m => m.Id).ToList())).ToList());
        return Structured(JsonSerializer.SerializeToElement(found, Json.Lenient));
    }

    async Task<CallToolResult> GetAgentAsync(Caller caller, IReadOnlyDictionary<string, JsonElement> arguments, string baseUrl, CancellationToken ct)
    {
        if (Text(arguments, "agentId") is not { } agentId || !Ids.CanNameResource(agentId)) return ToolResults.Error("'agentId' is required: an agent id from marketplace.search.");
        // Another tenant's private listing reads as missing, as it does through the REST API.
        if (await agents.FindAsync(caller, agentId, ct) is not { } stored || stored.Listing.Status == ListingStatus.Retired)
            return ToolResults.Error($"No agent '{agentId}'.");
        var l = stored.Listing;
        var view = new MarketplaceAgentView(l.AgentId, l.Card.Name, l.Card.Description, l.Card.Version, l.Card.Provider?.Organization,
            l.Card.Skills.Select(s => new MarketplaceSkillView(s.Id, s.Name, s.Description, s.Examples ?? [])).ToList(),
            l.Pricing, l.Verified, baseUrl + A2A.Gateway.GatewayCard.JsonRpcPath(l.AgentId), baseUrl + $"/a2a/agents/{l.AgentId}/.well-known/agent-card.json");
        return Structured(JsonSerializer.SerializeToElement(view, Json.Lenient));
    }

    internal static CallToolResult Structured(JsonElement value) =>
        new() { Content = [new TextContentBlock { Text = value.GetRawText() }], StructuredContent = value };

    internal static string? Text(IReadOnlyDictionary<string, JsonElement> arguments, string name) =>
        arguments.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    static JsonElement Schema(string json) => JsonDocument.Parse(json).RootElement.Clone();
}

/// <summary>What <c>marketplace.search</c> returns: the ranked items and why each matched.</summary>
public sealed record MarketplaceSearchResult(IReadOnlyList<MarketplaceSearchItem> Items);

public sealed record MarketplaceSearchItem(
    string Type, string Id, string Name, string Description, double Score, IReadOnlyList<string> MatchedTerms, double? Similarity, IReadOnlyList<string>? MatchedSkills);

/// <summary>What <c>marketplace.get_agent</c> returns.</summary>
public sealed record MarketplaceAgentView(
    string AgentId, string Name, string Description, string Version, string? Publisher, IReadOnlyList<MarketplaceSkillView> Skills,
    Billing.Pricing? Pricing, bool Verified, string JsonRpcEndpoint, string CardUrl);

public sealed record MarketplaceSkillView(string Id, string Name, string Description, IReadOnlyList<string> Examples);
