// Generated from shared/Http/ApiRouteTable.cs by scripts/generate-functions.sh: change the route table, then regenerate.
using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Http;

public sealed class McpFunctions(ApiDispatcher api)
{
    [Function("tools-create")]
    public Task<IResult> ToolsCreate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/tools")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("tools-create", req.HttpContext, durable);

    [Function("tools-list")]
    public Task<IResult> ToolsList([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/tools")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("tools-list", req.HttpContext, durable);

    [Function("tools-get")]
    public Task<IResult> ToolsGet([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/tools/{toolName}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("tools-get", req.HttpContext, durable);

    [Function("tools-metrics")]
    public Task<IResult> ToolsMetrics([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/tools/{toolName}/metrics")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("tools-metrics", req.HttpContext, durable);

    [Function("tools-definitions")]
    public Task<IResult> ToolsDefinitions([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/tools/{toolName}/definitions")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("tools-definitions", req.HttpContext, durable);

    [Function("tools-approve")]
    public Task<IResult> ToolsApprove([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/tools/{toolName}/approve")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("tools-approve", req.HttpContext, durable);

    [Function("tools-access")]
    public Task<IResult> ToolsAccess([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/tools/{toolName}/access")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("tools-access", req.HttpContext, durable);

    [Function("mcp-servers-create")]
    public Task<IResult> McpServersCreate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/mcp-servers")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("mcp-servers-create", req.HttpContext, durable);

    [Function("mcp-servers-import")]
    public Task<IResult> McpServersImport([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/mcp-servers/import")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("mcp-servers-import", req.HttpContext, durable);

    [Function("mcp-servers-list")]
    public Task<IResult> McpServersList([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/mcp-servers")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("mcp-servers-list", req.HttpContext, durable);

    [Function("mcp-servers-get")]
    public Task<IResult> McpServersGet([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/mcp-servers/{prefix}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("mcp-servers-get", req.HttpContext, durable);

    [Function("mcp-servers-sync")]
    public Task<IResult> McpServersSync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/mcp-servers/{prefix}/sync")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("mcp-servers-sync", req.HttpContext, durable);

    [Function("mcp-servers-delete")]
    public Task<IResult> McpServersDelete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/mcp-servers/{prefix}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("mcp-servers-delete", req.HttpContext, durable);

    [Function("tools-delete")]
    public Task<IResult> ToolsDelete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/tools/{toolName}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("tools-delete", req.HttpContext, durable);

    [Function("mcp-registry-servers")]
    public Task<IResult> McpRegistryServers([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v0.1/servers")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("mcp-registry-servers", req.HttpContext, durable);

    [Function("mcp-registry-versions")]
    public Task<IResult> McpRegistryVersions([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v0.1/servers/{serverName}/versions")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("mcp-registry-versions", req.HttpContext, durable);

    [Function("mcp-registry-version")]
    public Task<IResult> McpRegistryVersion([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v0.1/servers/{serverName}/versions/{version}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("mcp-registry-version", req.HttpContext, durable);

    [Function("mcp")]
    public Task<IResult> Mcp([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "mcp")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("mcp", req.HttpContext, durable);

    [Function("mcp-get")]
    public Task<IResult> McpGet([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "mcp")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("mcp-get", req.HttpContext, durable);

    [Function("mcp-delete")]
    public Task<IResult> McpDelete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "mcp")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("mcp-delete", req.HttpContext, durable);

    [Function("oauth-resource")]
    public Task<IResult> OauthResource([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ".well-known/oauth-protected-resource")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("oauth-resource", req.HttpContext, durable);

    [Function("oauth-resource-mcp")]
    public Task<IResult> OauthResourceMcp([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ".well-known/oauth-protected-resource/mcp")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("oauth-resource-mcp", req.HttpContext, durable);
}
