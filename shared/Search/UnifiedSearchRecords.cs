using Marketplace.Registry;

namespace Marketplace.Search;

/// <summary>What <c>GET /api/search</c> can find.</summary>
public static class SearchItemTypes
{
    public const string Agent = "agent", Tool = "tool", McpServer = "mcp-server", Workflow = "workflow";

    public static readonly IReadOnlyList<string> All = [Agent, Tool, McpServer, Workflow];
}

/// <summary>
/// One result of the unified search: an agent listing (id = agent id), a tool of the tenant's MCP registry (id =
/// tool name), a federated MCP server (id = prefix) or a workflow (id = workflow id).
/// </summary>
public sealed record SearchResultItem(string Type, string Id, string Name, string Description, double Score, SearchMatch Match)
{
    /// <summary>Agents only: the skills that matched.</summary>
    public IReadOnlyList<SkillMatch>? MatchedSkills { get; init; }

    /// <summary>Agents only: their quality signals (everything else ranks as an agent with no history would).</summary>
    public SearchRanking? Ranking { get; init; }
}

/// <summary>How many results of each requested type matched (agents counted among their best 100).</summary>
public sealed record SearchFacet(string Type, int Count);

public sealed record UnifiedSearchPage(IReadOnlyList<SearchResultItem> Items, IReadOnlyList<SearchFacet> Facets);
