using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Marketplace.Functions.Http;

public sealed class TenantFunctions(ApiDispatcher api)
{
    [Function("tenants-create")]
    public Task<IResult> TenantsCreate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/tenants")] HttpRequest req) =>
        api.InvokeAsync("tenants-create", req.HttpContext);

    [Function("tenants-get")]
    public Task<IResult> TenantsGet([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/tenants/{tenantId}")] HttpRequest req) =>
        api.InvokeAsync("tenants-get", req.HttpContext);

    [Function("keys-create")]
    public Task<IResult> KeysCreate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/tenants/{tenantId}/keys")] HttpRequest req) =>
        api.InvokeAsync("keys-create", req.HttpContext);

    [Function("keys-list")]
    public Task<IResult> KeysList([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/tenants/{tenantId}/keys")] HttpRequest req) =>
        api.InvokeAsync("keys-list", req.HttpContext);

    [Function("keys-revoke")]
    public Task<IResult> KeysRevoke([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/tenants/{tenantId}/keys/{keyId}")] HttpRequest req) =>
        api.InvokeAsync("keys-revoke", req.HttpContext);
}
