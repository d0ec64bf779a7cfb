// Generated from shared/Http/ApiRouteTable.cs by scripts/generate-functions.sh: change the route table, then regenerate.
using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Http;

public sealed class TenancyFunctions(ApiDispatcher api)
{
    [Function("tenants-create")]
    public Task<IResult> TenantsCreate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/tenants")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("tenants-create", req.HttpContext, durable);

    [Function("tenants-get")]
    public Task<IResult> TenantsGet([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/tenants/{tenantId}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("tenants-get", req.HttpContext, durable);

    [Function("keys-create")]
    public Task<IResult> KeysCreate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/tenants/{tenantId}/keys")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("keys-create", req.HttpContext, durable);

    [Function("keys-list")]
    public Task<IResult> KeysList([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/tenants/{tenantId}/keys")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("keys-list", req.HttpContext, durable);

    [Function("keys-revoke")]
    public Task<IResult> KeysRevoke([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/tenants/{tenantId}/keys/{keyId}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("keys-revoke", req.HttpContext, durable);
}
