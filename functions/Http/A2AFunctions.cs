using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Http;

public sealed class A2AFunctions(ApiDispatcher api)
{
    [Function("jwks")]
    public Task<IResult> Jwks([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ".well-known/jwks.json")] HttpRequest req) =>
        api.InvokeAsync("jwks", req.HttpContext);

    [Function("a2a-card")]
    public Task<IResult> Card([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "a2a/agents/{agentId}/.well-known/agent-card.json")] HttpRequest req) =>
        api.InvokeAsync("a2a-card", req.HttpContext);

    [Function("a2a-jsonrpc")]
    public Task<IResult> JsonRpc([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "a2a/agents/{agentId}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("a2a-jsonrpc", req.HttpContext, durable);

    [Function("a2a-workflows-card")]
    public Task<IResult> WorkflowsCard([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "a2a/workflows/{tenantId}/.well-known/agent-card.json")] HttpRequest req) =>
        api.InvokeAsync("a2a-workflows-card", req.HttpContext);

    [Function("a2a-workflows-jsonrpc")]
    public Task<IResult> WorkflowsJsonRpc([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "a2a/workflows/{tenantId}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("a2a-workflows-jsonrpc", req.HttpContext, durable);

    [Function("a2a-rest-get")]
    public Task<IResult> RestGet([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "a2a/agents/{agentId}/rest/{*path}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("a2a-rest-get", req.HttpContext, durable);

    [Function("a2a-rest-post")]
    public Task<IResult> RestPost([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "a2a/agents/{agentId}/rest/{*path}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("a2a-rest-post", req.HttpContext, durable);

    [Function("a2a-rest-delete")]
    public Task<IResult> RestDelete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "a2a/agents/{agentId}/rest/{*path}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("a2a-rest-delete", req.HttpContext, durable);
}
