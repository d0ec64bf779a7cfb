// Generated from shared/Http/ApiRouteTable.cs by scripts/generate-functions.sh: change the route table, then regenerate.
using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Http;

public sealed class ReviewsFunctions(ApiDispatcher api)
{
    [Function("reviews-write")]
    public Task<IResult> ReviewsWrite([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/agents/{agentId}/reviews/mine")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("reviews-write", req.HttpContext, durable);

    [Function("reviews-list")]
    public Task<IResult> ReviewsList([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/agents/{agentId}/reviews")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("reviews-list", req.HttpContext, durable);

    [Function("reviews-history")]
    public Task<IResult> ReviewsHistory([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/agents/{agentId}/reviews/{tenantId}/history")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("reviews-history", req.HttpContext, durable);

    [Function("reviews-reply")]
    public Task<IResult> ReviewsReply([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/agents/{agentId}/reviews/{tenantId}/reply")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("reviews-reply", req.HttpContext, durable);

    [Function("reviews-report")]
    public Task<IResult> ReviewsReport([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/agents/{agentId}/reviews/{tenantId}/report")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("reviews-report", req.HttpContext, durable);

    [Function("reviews-hide")]
    public Task<IResult> ReviewsHide([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/agents/{agentId}/reviews/{tenantId}/hide")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("reviews-hide", req.HttpContext, durable);
}
