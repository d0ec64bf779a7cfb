using Marketplace.Http;
using Marketplace.Tenancy;
using static Marketplace.Http.RouteDocs;

namespace Marketplace.Graph;

/// <summary>The routes of the knowledge graph: the route table serves these, in this order.</summary>
public static class GraphRoutes
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        Endpoint<GraphEndpoints>.Route("graph-collaborators", "GET", "/api/agents/{agentId}/collaborators", RouteAccess.AdminOrRoles(AnyRole), (e, r) => e.Collaborators(r)) with
        {
            Doc = new("Graph", "Agents that worked with this one in workflow runs, most runs first (those you may see)") { Query = [new("limit", typeof(int), "1–50 (default 10)")] },
        },
        Endpoint<GraphEndpoints>.Route("graph-lineage", "GET", "/api/graph/runs/{runId}/lineage", RouteAccess.AdminOrRoles(AnyRole), (e, r) => e.Lineage(r)) with
        {
            Doc = new("Graph", "Which agents ran which tasks of one of your workflow runs, in order, and what each depended on"),
        },
        Endpoint<GraphEndpoints>.Route("graph-recommendations", "GET", "/api/recommendations", RouteAccess.TenantRoles(AnyRole), (e, r) => e.Recommendations(r)) with
        {
            Doc = new("Graph", "Agents for a skill, ranked by closeness to the agents you use, rating and success rate") { Query = [new("skill", typeof(string), "Skill id or name (required)"), new("limit", typeof(int), "1–50 (default 10)")] },
        },
    ];
}
