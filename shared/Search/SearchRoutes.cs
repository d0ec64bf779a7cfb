using Marketplace.Http;
using Marketplace.Tenancy;
using static Marketplace.Http.RouteDocs;

namespace Marketplace.Search;

/// <summary>The routes of unified search: the route table serves these, in this order.</summary>
public static class SearchRoutes
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        Endpoint<SearchEndpoints>.Route("search", "GET", "/api/search", RouteAccess.AdminOrRoles(AnyRole), (e, r) => e.Search(r)) with
        {
            Doc = new("Registry", "Search agents, tools, MCP servers and workflows you can see, in one ranked list")
            {
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
