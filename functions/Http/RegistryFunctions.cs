// Generated from shared/Http/ApiRouteTable.cs by scripts/generate-functions.sh: change the route table, then regenerate.
using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Http;

public sealed class RegistryFunctions(ApiDispatcher api)
{
    [Function("agents-search")]
    public Task<IResult> AgentsSearch([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/agents")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("agents-search", req.HttpContext, durable);

    [Function("agents-publish")]
    public Task<IResult> AgentsPublish([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/agents")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("agents-publish", req.HttpContext, durable);

    [Function("agents-get")]
    public Task<IResult> AgentsGet([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/agents/{agentId}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("agents-get", req.HttpContext, durable);

    [Function("agents-update")]
    public Task<IResult> AgentsUpdate([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/agents/{agentId}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("agents-update", req.HttpContext, durable);

    [Function("agents-retire")]
    public Task<IResult> AgentsRetire([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/agents/{agentId}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("agents-retire", req.HttpContext, durable);

    [Function("agents-versions")]
    public Task<IResult> AgentsVersions([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/agents/{agentId}/versions")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("agents-versions", req.HttpContext, durable);
}
