using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Marketplace.Functions.Http;

public sealed class BillingFunctions(ApiDispatcher api)
{
    [Function("billing-balance")]
    public Task<IResult> Balance([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/billing/balance")] HttpRequest req) =>
        api.InvokeAsync("billing-balance", req.HttpContext);

    [Function("billing-ledger")]
    public Task<IResult> Ledger([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/billing/ledger")] HttpRequest req) =>
        api.InvokeAsync("billing-ledger", req.HttpContext);

    [Function("billing-rejections")]
    public Task<IResult> Rejections([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/billing/rejections")] HttpRequest req) =>
        api.InvokeAsync("billing-rejections", req.HttpContext);

    [Function("billing-grant")]
    public Task<IResult> Grant([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/tenants/{tenantId}/credits")] HttpRequest req) =>
        api.InvokeAsync("billing-grant", req.HttpContext);

    [Function("billing-reconcile")]
    public Task<IResult> Reconcile([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/billing/reconcile/{tenantId}")] HttpRequest req) =>
        api.InvokeAsync("billing-reconcile", req.HttpContext);

    [Function("billing-poison")]
    public Task<IResult> Poison([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/billing/poison")] HttpRequest req) =>
        api.InvokeAsync("billing-poison", req.HttpContext);

    [Function("billing-statement")]
    public Task<IResult> Statement([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/billing/statements/{period}")] HttpRequest req) =>
        api.InvokeAsync("billing-statement", req.HttpContext);

    [Function("billing-payout")]
    public Task<IResult> Payout([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/billing/payouts/{period}")] HttpRequest req) =>
        api.InvokeAsync("billing-payout", req.HttpContext);

    [Function("billing-close")]
    public Task<IResult> Close([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/billing/statements/{tenantId}/{period}/close")] HttpRequest req) =>
        api.InvokeAsync("billing-close", req.HttpContext);
}
