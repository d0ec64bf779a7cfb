using Marketplace.Http;
using Marketplace.Tenancy;
using static Marketplace.Http.RouteDocs;

namespace Marketplace.Search;

/// <summary>The routes of unified search: the route table serves these, in this order.</summary>
public static class SearchRoutes
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("search", "GET", "/api/search", RouteAccess.AdminOrRoles(AnyRole), SearchEndpoints.Search)
        {
            Doc = new("Registry", "Search agents, tools, MCP servers and workflows you can see, in one ranked list")
            {
                Responses = [new(200, "The ranked results and a count per type", typeof(UnifiedSearchPage)), Problem400, Problem401],
                Query =
                [
                    new("q", typeof(string), "What you need, in words (required, at most 500 characters)"),
                    new("types", typeof(string), "Comma-separated: agent, tool, mcp-server, workflow (default all)"),
                    new("limit", typeof(int), "1–100 (default 20)"),
                ],
            },
        },
    ];
}
