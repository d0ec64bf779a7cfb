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

    [Function("mcp-get")]
    public Task<IResult> McpGet([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "mcp")] HttpRequest req) =>
        api.InvokeAsync("mcp-get", req.HttpContext);

    [Function("mcp-delete")]
    public Task<IResult> McpDelete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "mcp")] HttpRequest req) =>
        api.InvokeAsync("mcp-delete", req.HttpContext);

    [Function("tools-approve")]
    public Task<IResult> Approve([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/tools/{toolName}/approve")] HttpRequest req) =>
        api.InvokeAsync("tools-approve", req.HttpContext);

    [Function("tools-access")]
    public Task<IResult> Access([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/tools/{toolName}/access")] HttpRequest req) =>
        api.InvokeAsync("tools-access", req.HttpContext);

    [Function("mcp-servers-create")]
    public Task<IResult> CreateServer([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/mcp-servers")] HttpRequest req) =>
        api.InvokeAsync("mcp-servers-create", req.HttpContext);

    [Function("mcp-servers-list")]
    public Task<IResult> ListServers([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/mcp-servers")] HttpRequest req) =>
        api.InvokeAsync("mcp-servers-list", req.HttpContext);

    [Function("mcp-servers-get")]
    public Task<IResult> GetServer([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/mcp-servers/{prefix}")] HttpRequest req) =>
        api.InvokeAsync("mcp-servers-get", req.HttpContext);

    [Function("mcp-servers-sync")]
    public Task<IResult> SyncServer([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/mcp-servers/{prefix}/sync")] HttpRequest req) =>
        api.InvokeAsync("mcp-servers-sync", req.HttpContext);

    [Function("mcp-servers-delete")]
    public Task<IResult> DeleteServer([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/mcp-servers/{prefix}")] HttpRequest req) =>
        api.InvokeAsync("mcp-servers-delete", req.HttpContext);

    [Function("oauth-resource")]
    public Task<IResult> ResourceMetadata([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ".well-known/oauth-protected-resource")] HttpRequest req) =>
        api.InvokeAsync("oauth-resource", req.HttpContext);

    [Function("oauth-resource-mcp")]
    public Task<IResult> McpResourceMetadata([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ".well-known/oauth-protected-resource/mcp")] HttpRequest req) =>
        api.InvokeAsync("oauth-resource-mcp", req.HttpContext);
}
