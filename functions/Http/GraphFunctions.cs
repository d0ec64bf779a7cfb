using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Marketplace.Functions.Http;

public sealed class GraphFunctions(ApiDispatcher api)
{
    [Function("graph-collaborators")]
    public Task<IResult> Collaborators([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/agents/{agentId}/collaborators")] HttpRequest req) =>
        api.InvokeAsync("graph-collaborators", req.HttpContext);

    [Function("graph-lineage")]
    public Task<IResult> Lineage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/graph/runs/{runId}/lineage")] HttpRequest req) =>
        api.InvokeAsync("graph-lineage", req.HttpContext);

    [Function("graph-recommendations")]
    public Task<IResult> Recommendations([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/recommendations")] HttpRequest req) =>
        api.InvokeAsync("graph-recommendations", req.HttpContext);
}
