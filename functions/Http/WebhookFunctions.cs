using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Marketplace.Functions.Http;

public sealed class WebhookFunctions(ApiDispatcher api)
{
    [Function("webhooks-create")]
    public Task<IResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/webhooks")] HttpRequest req) =>
        api.InvokeAsync("webhooks-create", req.HttpContext);

    [Function("webhooks-list")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/webhooks")] HttpRequest req) =>
        api.InvokeAsync("webhooks-list", req.HttpContext);

    [Function("webhooks-get")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/webhooks/{webhookId}")] HttpRequest req) =>
        api.InvokeAsync("webhooks-get", req.HttpContext);

    [Function("webhooks-delete")]
    public Task<IResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/webhooks/{webhookId}")] HttpRequest req) =>
        api.InvokeAsync("webhooks-delete", req.HttpContext);

    [Function("webhooks-test")]
    public Task<IResult> Test([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/webhooks/{webhookId}/test")] HttpRequest req) =>
        api.InvokeAsync("webhooks-test", req.HttpContext);

    [Function("webhooks-deliveries")]
    public Task<IResult> Deliveries([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/webhooks/{webhookId}/deliveries")] HttpRequest req) =>
        api.InvokeAsync("webhooks-deliveries", req.HttpContext);

    [Function("webhooks-redeliver")]
    public Task<IResult> Redeliver([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver")] HttpRequest req) =>
        api.InvokeAsync("webhooks-redeliver", req.HttpContext);
}
