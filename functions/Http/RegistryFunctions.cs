using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Marketplace.Functions.Http;

public sealed class RegistryFunctions(ApiDispatcher api)
{
    [Function("agents-search")]
    public Task<IResult> AgentsSearch([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/agents")] HttpRequest req) =>
        api.InvokeAsync("agents-search", req.HttpContext);

    [Function("agents-publish")]
    public Task<IResult> AgentsPublish([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/agents")] HttpRequest req) =>
        api.InvokeAsync("agents-publish", req.HttpContext);

    [Function("agents-get")]
    public Task<IResult> AgentsGet([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/agents/{agentId}")] HttpRequest req) =>
        api.InvokeAsync("agents-get", req.HttpContext);

    [Function("agents-update")]
    public Task<IResult> AgentsUpdate([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/agents/{agentId}")] HttpRequest req) =>
        api.InvokeAsync("agents-update", req.HttpContext);

    [Function("agents-retire")]
    public Task<IResult> AgentsRetire([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/agents/{agentId}")] HttpRequest req) =>
        api.InvokeAsync("agents-retire", req.HttpContext);

    [Function("agents-versions")]
    public Task<IResult> AgentsVersions([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/agents/{agentId}/versions")] HttpRequest req) =>
        api.InvokeAsync("agents-versions", req.HttpContext);
}
