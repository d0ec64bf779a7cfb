using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Marketplace.Functions.Http;

public sealed class McpFunctions(ApiDispatcher api)
{
    [Function("tools-create")]
    public Task<IResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/tools")] HttpRequest req) =>
        api.InvokeAsync("tools-create", req.HttpContext);

    [Function("tools-list")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/tools")] HttpRequest req) =>
        api.InvokeAsync("tools-list", req.HttpContext);

    [Function("tools-get")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/tools/{toolName}")] HttpRequest req) =>
        api.InvokeAsync("tools-get", req.HttpContext);

    [Function("tools-metrics")]
    public Task<IResult> Metrics([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/tools/{toolName}/metrics")] HttpRequest req) =>
        api.InvokeAsync("tools-metrics", req.HttpContext);

    [Function("tools-delete")]
    public Task<IResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/tools/{toolName}")] HttpRequest req) =>
        api.InvokeAsync("tools-delete", req.HttpContext);

    [Function("mcp")]
    public Task<IResult> Mcp([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "mcp")] HttpRequest req) =>
        api.InvokeAsync("mcp", req.HttpContext);
}
