using Marketplace.Http;
using Marketplace.Tenancy;
using static Marketplace.Http.RouteDocs;

namespace Marketplace.Registry;

/// <summary>The routes of listings: the route table serves these, in this order.</summary>
public static class RegistryRoutes
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        Endpoint<AgentEndpoints>.Route("agents-search", "GET", "/api/agents", RouteAccess.AdminOrRoles(AnyRole), (e, r) => e.Search(r)) with
        {
            Doc = new("Registry", "Search listings (public ones and your own)")
            {
                Query =
                [
                    new("q", typeof(string), "What you need, in words: matched against name, description, skills and tags, by words and by meaning"),
                    new("mode", typeof(SearchMode), "hybrid (default: keywords and meaning fused), keyword (BM25 only) or semantic (embeddings only)"),
                    new("skill", typeof(string), "Skill id or name"),
                    new("tag", typeof(string), "Skill tag"),
                    new("inputMode", typeof(string), "Accepted media type"),
                    new("outputMode", typeof(string), "Produced media type"),
                    new("publisher", typeof(string), "Publisher tenant id"),
                    new("visibility", typeof(Visibility), "private or public"),
                    new("verified", typeof(bool), "true: only listings whose card signature was verified at publish; false: only unsigned ones"),
                    new("limit", typeof(int), "Page size, 1–100 (default 20)"),
                    new("cursor", typeof(string), "nextCursor of the previous page"),
                ],
            },
        },
        Endpoint<AgentEndpoints>.Route("agents-publish", "POST", "/api/agents", RouteAccess.TenantRoles(Publishers), (e, r) => e.Publish(r)) with
        {
            Doc = new("Registry", "Publish an agent from its card or card URL") { RequestBody = typeof(PublishAgentRequest) },
        },
        Endpoint<AgentEndpoints>.Route("agents-get", "GET", "/api/agents/{agentId}", RouteAccess.AdminOrRoles(AnyRole), (e, r) => e.Get(r)) with
        {
            Doc = new("Registry", "Get a listing (its version in the ETag header)"),
        },
        Endpoint<AgentEndpoints>.Route("agents-update", "PUT", "/api/agents/{agentId}", RouteAccess.AdminOrRoles(Publishers), (e, r) => e.Update(r)) with
        {
            Doc = new("Registry", "Publish a new version (If-Match required)") { RequestBody = typeof(UpdateAgentRequest) },
        },
        Endpoint<AgentEndpoints>.Route("agents-retire", "DELETE", "/api/agents/{agentId}", RouteAccess.AdminOrRoles(Publishers), (e, r) => e.Retire(r)) with
        {
            Doc = new("Registry", "Retire a listing"),
        },
        Endpoint<AgentEndpoints>.Route("agents-versions", "GET", "/api/agents/{agentId}/versions", RouteAccess.AdminOrRoles(AnyRole), (e, r) => e.Versions(r)) with
        {
            Doc = new("Registry", "Every version of a listing, newest first"),
        },
    ];
}
