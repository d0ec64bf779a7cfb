using Marketplace.Http;
using Marketplace.Tenancy;
using Microsoft.AspNetCore.Mvc;
using static Marketplace.Http.RouteDocs;

namespace Marketplace.Registry;

/// <summary>The routes of listings: the route table serves these, in this order.</summary>
public static class RegistryRoutes
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("agents-search", "GET", "/api/agents", RouteAccess.AdminOrRoles(AnyRole), AgentEndpoints.Search)
        {
            Doc = new("Registry", "Search listings (public ones and your own)")
            {
                Responses = [new(200, "A page of results, each with the skills that matched and why", typeof(AgentSearchPage)), Problem400, Problem401],
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
        new("agents-publish", "POST", "/api/agents", RouteAccess.TenantRoles(Publishers), AgentEndpoints.Publish)
        {
            Doc = new("Registry", "Publish an agent from its card or card URL") { RequestBody = typeof(PublishAgentRequest), Responses = [new(201, "Published", typeof(AgentListing)), Problem400, Problem401, Problem403, new(413, "Body over 1 MiB", typeof(ProblemDetails)), new(502, "Card URL failed", typeof(ProblemDetails))] },
        },
        new("agents-get", "GET", "/api/agents/{agentId}", RouteAccess.AdminOrRoles(AnyRole), AgentEndpoints.Get)
        {
            Doc = new("Registry", "Get a listing") { Responses = [new(200, "The listing (ETag header)", typeof(AgentListing)), Problem401, Problem404] },
        },
        new("agents-update", "PUT", "/api/agents/{agentId}", RouteAccess.AdminOrRoles(Publishers), AgentEndpoints.Update)
        {
            Doc = new("Registry", "Publish a new version (If-Match required)") { RequestBody = typeof(UpdateAgentRequest), Responses = [new(200, "The new version", typeof(AgentListing)), Problem400, Problem401, Problem403, Problem404, new(412, "Stale ETag", typeof(ProblemDetails)), new(428, "If-Match missing", typeof(ProblemDetails))] },
        },
        new("agents-retire", "DELETE", "/api/agents/{agentId}", RouteAccess.AdminOrRoles(Publishers), AgentEndpoints.Retire)
        {
            Doc = new("Registry", "Retire a listing") { Responses = [new(200, "The retired listing", typeof(AgentListing)), Problem401, Problem403, Problem404, new(412, "Stale ETag", typeof(ProblemDetails))] },
        },
        new("agents-versions", "GET", "/api/agents/{agentId}/versions", RouteAccess.AdminOrRoles(AnyRole), AgentEndpoints.Versions)
        {
            Doc = new("Registry", "Every version of a listing, newest first") { Responses = [new(200, "The versions", typeof(AgentVersionList)), Problem401, Problem404] },
        },
    ];
}
