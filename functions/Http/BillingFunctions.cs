// Generated from shared/Http/ApiRouteTable.cs by scripts/generate-functions.sh: change the route table, then regenerate.
using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Http;

public sealed class BillingFunctions(ApiDispatcher api)
{
    [Function("billing-balance")]
    public Task<IResult> BillingBalance([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/billing/balance")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("billing-balance", req.HttpContext, durable);

    [Function("billing-ledger")]
    public Task<IResult> BillingLedger([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/billing/ledger")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("billing-ledger", req.HttpContext, durable);

    [Function("billing-rejections")]
    public Task<IResult> BillingRejections([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/billing/rejections")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("billing-rejections", req.HttpContext, durable);

    [Function("billing-statement")]
    public Task<IResult> BillingStatement([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/billing/statements/{period}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("billing-statement", req.HttpContext, durable);

    [Function("billing-payout")]
    public Task<IResult> BillingPayout([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/billing/payouts/{period}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("billing-payout", req.HttpContext, durable);

    [Function("billing-close")]
    public Task<IResult> BillingClose([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/billing/statements/{tenantId}/{period}/close")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("billing-close", req.HttpContext, durable);

    [Function("billing-grant")]
    public Task<IResult> BillingGrant([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/tenants/{tenantId}/credits")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("billing-grant", req.HttpContext, durable);

    [Function("billing-reconcile")]
    public Task<IResult> BillingReconcile([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/billing/reconcile/{tenantId}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("billing-reconcile", req.HttpContext, durable);

    [Function("billing-poison")]
    public Task<IResult> BillingPoison([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/billing/poison")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("billing-poison", req.HttpContext, durable);
}
