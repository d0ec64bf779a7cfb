using Marketplace.Http;
using Marketplace.Tenancy;
using static Marketplace.Http.RouteDocs;

namespace Marketplace.Graph;

/// <summary>The routes of the knowledge graph: the route table serves these, in this order.</summary>
public static class GraphRoutes
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("graph-collaborators", "GET", "/api/agents/{agentId}/collaborators", RouteAccess.AdminOrRoles(AnyRole), GraphEndpoints.Collaborators)
        {
            Doc = new("Graph", "Agents that worked with this one in workflow runs, most runs first (those you may see)") { Responses = [new(200, "The collaborators", typeof(AgentCollaborators)), Problem400, Problem401, Problem404], Query = [new("limit", typeof(int), "1–50 (default 10)")] },
        },
        new("graph-lineage", "GET", "/api/graph/runs/{runId}/lineage", RouteAccess.AdminOrRoles(AnyRole), GraphEndpoints.Lineage)
        {
            Doc = new("Graph", "Which agents ran which tasks of one of your workflow runs, in order, and what each depended on") { Responses = [new(200, "The lineage", typeof(RunLineageView)), Problem401, Problem404] },
        },
        new("graph-recommendations", "GET", "/api/recommendations", RouteAccess.TenantRoles(AnyRole), GraphEndpoints.Recommendations)
        {
            Doc = new("Graph", "Agents for a skill, ranked by closeness to the agents you use, rating and success rate") { Responses = [new(200, "The ranked agents with every signal", typeof(RecommendationPage)), Problem400, Problem401], Query = [new("skill", typeof(string), "Skill id or name (required)"), new("limit", typeof(int), "1–50 (default 10)")] },
        },
    ];
}
