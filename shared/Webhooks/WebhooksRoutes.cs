using Marketplace.Http;
using Marketplace.Tenancy;
using Microsoft.AspNetCore.Mvc;
using static Marketplace.Http.RouteDocs;

namespace Marketplace.Webhooks;

/// <summary>The routes of webhooks and their delivery log: the route table serves these, in this order.</summary>
public static class WebhooksRoutes
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("webhooks-create", "POST", "/api/webhooks", RouteAccess.TenantRoles(Designers), WebhookEndpoints.Create)
        {
            Doc = new("Webhooks", "Subscribe a URL to events (the signing secret is shown only in this response)") { RequestBody = typeof(CreateWebhookRequest), Responses = [new(201, "Created", typeof(CreatedWebhook)), Problem400, Problem401, Problem403, new(409, "Too many webhooks", typeof(ProblemDetails))] },
        },
        new("webhooks-list", "GET", "/api/webhooks", RouteAccess.TenantRoles(Designers), WebhookEndpoints.List)
        {
            Doc = new("Webhooks", "This tenant's webhooks (no secrets)") { Responses = [new(200, "The webhooks", typeof(List<Webhook>)), Problem401, Problem403] },
        },
        new("webhooks-get", "GET", "/api/webhooks/{webhookId}", RouteAccess.TenantRoles(Designers), WebhookEndpoints.Get)
        {
            Doc = new("Webhooks", "One webhook, with why it was disabled if it was") { Responses = [new(200, "The webhook", typeof(Webhook)), Problem401, Problem403, Problem404] },
        },
        new("webhooks-delete", "DELETE", "/api/webhooks/{webhookId}", RouteAccess.TenantRoles(Designers), WebhookEndpoints.Delete)
        {
            Doc = new("Webhooks", "Remove a webhook and its delivery log") { Responses = [new(204, "Removed"), Problem401, Problem403, Problem404] },
        },
        new("webhooks-test", "POST", "/api/webhooks/{webhookId}/test", RouteAccess.TenantRoles(Designers), WebhookEndpoints.Test)
        {
            Doc = new("Webhooks", "Send a webhook.test event now; one that succeeds re-enables a disabled webhook") { Responses = [new(200, "How the try went", typeof(WebhookAttempt)), Problem401, Problem403, Problem404] },
        },
        new("webhooks-deliveries", "GET", "/api/webhooks/{webhookId}/deliveries", RouteAccess.TenantRoles(Designers), WebhookEndpoints.Deliveries)
        {
            Doc = new("Webhooks", "The delivery log, newest first: one entry per try") { Responses = [new(200, "A page of tries", typeof(WebhookDeliveryPage)), Problem400, Problem401, Problem403, Problem404], Query = [new("limit", typeof(int), "1–100 (default 20)"), new("cursor", typeof(string), "nextCursor of the previous page")] },
        },
        new("webhooks-redeliver", "POST", "/api/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver", RouteAccess.TenantRoles(Designers), WebhookEndpoints.Redeliver)
        {
            Doc = new("Webhooks", "Send the event of one logged try again, with a fresh retry schedule") { Responses = [new(202, "Queued", typeof(WebhookRedelivery)), Problem401, Problem403, Problem404, new(409, "The webhook is disabled", typeof(ProblemDetails))] },
        },
    ];
}
