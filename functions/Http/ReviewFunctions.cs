using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Marketplace.Functions.Http;

public sealed class ReviewFunctions(ApiDispatcher api)
{
    [Function("reviews-write")]
    public Task<IResult> Write([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/agents/{agentId}/reviews/mine")] HttpRequest req) =>
        api.InvokeAsync("reviews-write", req.HttpContext);

    [Function("reviews-list")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/agents/{agentId}/reviews")] HttpRequest req) =>
        api.InvokeAsync("reviews-list", req.HttpContext);

    [Function("reviews-history")]
    public Task<IResult> History([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/agents/{agentId}/reviews/{tenantId}/history")] HttpRequest req) =>
        api.InvokeAsync("reviews-history", req.HttpContext);

    [Function("reviews-reply")]
    public Task<IResult> Reply([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/agents/{agentId}/reviews/{tenantId}/reply")] HttpRequest req) =>
        api.InvokeAsync("reviews-reply", req.HttpContext);

    [Function("reviews-report")]
    public Task<IResult> Report([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/agents/{agentId}/reviews/{tenantId}/report")] HttpRequest req) =>
        api.InvokeAsync("reviews-report", req.HttpContext);

    [Function("reviews-hide")]
    public Task<IResult> Hide([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/agents/{agentId}/reviews/{tenantId}/hide")] HttpRequest req) =>
        api.InvokeAsync("reviews-hide", req.HttpContext);
}
