// Generated from shared/Http/ApiRouteTable.cs by scripts/generate-functions.sh: change the route table, then regenerate.
using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Http;

public sealed class GraphFunctions(ApiDispatcher api)
{
    [Function("graph-collaborators")]
    public Task<IResult> GraphCollaborators([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/agents/{agentId}/collaborators")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("graph-collaborators", req.HttpContext, durable);

    [Function("graph-lineage")]
    public Task<IResult> GraphLineage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/graph/runs/{runId}/lineage")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("graph-lineage", req.HttpContext, durable);

    [Function("graph-recommendations")]
    public Task<IResult> GraphRecommendations([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/recommendations")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("graph-recommendations", req.HttpContext, durable);
}
