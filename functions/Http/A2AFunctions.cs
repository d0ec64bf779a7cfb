// Generated from shared/Http/ApiRouteTable.cs by scripts/generate-functions.sh: change the route table, then regenerate.
using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Http;

public sealed class A2AFunctions(ApiDispatcher api)
{
    [Function("jwks")]
    public Task<IResult> Jwks([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ".well-known/jwks.json")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("jwks", req.HttpContext, durable);

    [Function("a2a-card")]
    public Task<IResult> A2aCard([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "a2a/agents/{agentId}/.well-known/agent-card.json")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("a2a-card", req.HttpContext, durable);

    [Function("a2a-jsonrpc")]
    public Task<IResult> A2aJsonrpc([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "a2a/agents/{agentId}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("a2a-jsonrpc", req.HttpContext, durable);

    [Function("a2a-rest-get")]
    public Task<IResult> A2aRestGet([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "a2a/agents/{agentId}/rest/{*path}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("a2a-rest-get", req.HttpContext, durable);

    [Function("a2a-rest-post")]
    public Task<IResult> A2aRestPost([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "a2a/agents/{agentId}/rest/{*path}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("a2a-rest-post", req.HttpContext, durable);

    [Function("a2a-rest-delete")]
    public Task<IResult> A2aRestDelete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "a2a/agents/{agentId}/rest/{*path}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("a2a-rest-delete", req.HttpContext, durable);
}
