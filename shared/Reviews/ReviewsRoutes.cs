using Marketplace.Http;
using Marketplace.Tenancy;
using static Marketplace.Http.RouteDocs;

namespace Marketplace.Reviews;

/// <summary>The routes of reviews: the route table serves these, in this order.</summary>
public static class ReviewsRoutes
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        Endpoint<ReviewEndpoints>.Route("reviews-write", "PUT", "/api/agents/{agentId}/reviews/mine", RouteAccess.TenantRoles(Role.Owner, Role.Developer), (e, r) => e.Write(r)) with
        {
            Doc = new("Reviews", "Write or edit this tenant's review of an agent (after paid use)") { RequestBody = typeof(WriteReviewRequest) },
        },
        Endpoint<ReviewEndpoints>.Route("reviews-list", "GET", "/api/agents/{agentId}/reviews", RouteAccess.AdminOrRoles(AnyRole), (e, r) => e.List(r)) with
        {
            Doc = new("Reviews", "An agent's rating and reviews"),
        },
        Endpoint<ReviewEndpoints>.Route("reviews-history", "GET", "/api/agents/{agentId}/reviews/{tenantId}/history", RouteAccess.AdminOrRoles(AnyRole), (e, r) => e.History(r)) with
        {
            Doc = new("Reviews", "Every version of a review, oldest first"),
        },
        Endpoint<ReviewEndpoints>.Route("reviews-reply", "POST", "/api/agents/{agentId}/reviews/{tenantId}/reply", RouteAccess.TenantRoles(Publishers), (e, r) => e.Reply(r)) with
        {
            Doc = new("Reviews", "The publisher's one answer to a review") { RequestBody = typeof(ReplyRequest) },
        },
        Endpoint<ReviewEndpoints>.Route("reviews-report", "POST", "/api/agents/{agentId}/reviews/{tenantId}/report", RouteAccess.TenantRoles(AnyRole), (e, r) => e.Report(r)) with
        {
            Doc = new("Reviews", "Report a review as abusive"),
        },
        Endpoint<ReviewEndpoints>.Route("reviews-hide", "POST", "/api/admin/agents/{agentId}/reviews/{tenantId}/hide", RouteAccess.AdminOnly, (e, r) => e.Hide(r)) with
        {
            Doc = new("Reviews", "Hide a review (it leaves the aggregates)"),
        },
    ];
}
