using Marketplace.Http;
using Marketplace.Tenancy;
using Microsoft.AspNetCore.Mvc;
using static Marketplace.Http.RouteDocs;

namespace Marketplace.Reviews;

/// <summary>The routes of reviews: the route table serves these, in this order.</summary>
public static class ReviewsRoutes
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("reviews-write", "PUT", "/api/agents/{agentId}/reviews/mine", RouteAccess.TenantRoles(Role.Owner, Role.Developer), ReviewEndpoints.Write)
        {
            Doc = new("Reviews", "Write or edit this tenant's review of an agent (after paid use)") { RequestBody = typeof(WriteReviewRequest), Responses = [new(200, "The review", typeof(ReviewView)), Problem400, Problem401, Problem403, Problem404] },
        },
        new("reviews-list", "GET", "/api/agents/{agentId}/reviews", RouteAccess.AdminOrRoles(AnyRole), ReviewEndpoints.List)
        {
            Doc = new("Reviews", "An agent's rating and reviews") { Responses = [new(200, "Aggregate and reviews", typeof(ReviewPage)), Problem401, Problem404] },
        },
        new("reviews-history", "GET", "/api/agents/{agentId}/reviews/{tenantId}/history", RouteAccess.AdminOrRoles(AnyRole), ReviewEndpoints.History)
        {
            Doc = new("Reviews", "Every version of a review") { Responses = [new(200, "The versions, oldest first", typeof(List<ReviewView>)), Problem401, Problem404] },
        },
        new("reviews-reply", "POST", "/api/agents/{agentId}/reviews/{tenantId}/reply", RouteAccess.TenantRoles(Publishers), ReviewEndpoints.Reply)
        {
            Doc = new("Reviews", "The publisher's one answer to a review") { RequestBody = typeof(ReplyRequest), Responses = [new(200, "The review", typeof(ReviewView)), Problem400, Problem401, Problem403, Problem404, new(409, "Already answered", typeof(ProblemDetails))] },
        },
        new("reviews-report", "POST", "/api/agents/{agentId}/reviews/{tenantId}/report", RouteAccess.TenantRoles(AnyRole), ReviewEndpoints.Report)
        {
            Doc = new("Reviews", "Report a review as abusive") { Responses = [new(202, "Reported"), Problem401, Problem404] },
        },
        new("reviews-hide", "POST", "/api/admin/agents/{agentId}/reviews/{tenantId}/hide", RouteAccess.AdminOnly, ReviewEndpoints.Hide)
        {
            Doc = new("Reviews", "Hide a review (it leaves the aggregates)") { Responses = [new(200, "The hidden review", typeof(ReviewView)), Problem401, Problem403, Problem404] },
        },
    ];
}
