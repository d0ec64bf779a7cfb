// Generated from shared/Http/ApiRouteTable.cs by scripts/generate-functions.sh: change the route table, then regenerate.
using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Http;

public sealed class WebhooksFunctions(ApiDispatcher api)
{
    [Function("webhooks-create")]
    public Task<IResult> WebhooksCreate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/webhooks")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("webhooks-create", req.HttpContext, durable);

    [Function("webhooks-list")]
    public Task<IResult> WebhooksList([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/webhooks")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("webhooks-list", req.HttpContext, durable);

    [Function("webhooks-get")]
    public Task<IResult> WebhooksGet([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/webhooks/{webhookId}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("webhooks-get", req.HttpContext, durable);

    [Function("webhooks-delete")]
    public Task<IResult> WebhooksDelete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/webhooks/{webhookId}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("webhooks-delete", req.HttpContext, durable);

    [Function("webhooks-test")]
    public Task<IResult> WebhooksTest([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/webhooks/{webhookId}/test")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("webhooks-test", req.HttpContext, durable);

    [Function("webhooks-deliveries")]
    public Task<IResult> WebhooksDeliveries([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/webhooks/{webhookId}/deliveries")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("webhooks-deliveries", req.HttpContext, durable);

    [Function("webhooks-redeliver")]
    public Task<IResult> WebhooksRedeliver([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("webhooks-redeliver", req.HttpContext, durable);
}
