using Marketplace.Http;
using Marketplace.Tenancy;
using static Marketplace.Http.RouteDocs;

namespace Marketplace.Webhooks;

/// <summary>The routes of webhooks and their delivery log: the route table serves these, in this order.</summary>
public static class WebhooksRoutes
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        Endpoint<WebhookEndpoints>.Route("webhooks-create", "POST", "/api/webhooks", RouteAccess.TenantRoles(Designers), (e, r) => e.Create(r)) with
        {
            Doc = new("Webhooks", "Subscribe a URL to events (the signing secret is shown only in this response)") { RequestBody = typeof(CreateWebhookRequest) },
        },
        Endpoint<WebhookEndpoints>.Route("webhooks-list", "GET", "/api/webhooks", RouteAccess.TenantRoles(Designers), (e, r) => e.List(r)) with
        {
            Doc = new("Webhooks", "This tenant's webhooks (no secrets)"),
        },
        Endpoint<WebhookEndpoints>.Route("webhooks-get", "GET", "/api/webhooks/{webhookId}", RouteAccess.TenantRoles(Designers), (e, r) => e.Get(r)) with
        {
            Doc = new("Webhooks", "One webhook, with why it was disabled if it was"),
        },
        Endpoint<WebhookEndpoints>.Route("webhooks-delete", "DELETE", "/api/webhooks/{webhookId}", RouteAccess.TenantRoles(Designers), (e, r) => e.Delete(r)) with
        {
            Doc = new("Webhooks", "Remove a webhook and its delivery log"),
        },
        Endpoint<WebhookEndpoints>.Route("webhooks-test", "POST", "/api/webhooks/{webhookId}/test", RouteAccess.TenantRoles(Designers), (e, r) => e.Test(r)) with
        {
            Doc = new("Webhooks", "Send a webhook.test event now; one that succeeds re-enables a disabled webhook"),
        },
        Endpoint<WebhookEndpoints>.Route("webhooks-deliveries", "GET", "/api/webhooks/{webhookId}/deliveries", RouteAccess.TenantRoles(Designers), (e, r) => e.Deliveries(r)) with
        {
            Doc = new("Webhooks", "The delivery log, newest first: one entry per try") { Query = [new("limit", typeof(int), "1–100 (default 20)"), new("cursor", typeof(string), "nextCursor of the previous page")] },
        },
        Endpoint<WebhookEndpoints>.Route("webhooks-redeliver", "POST", "/api/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver", RouteAccess.TenantRoles(Designers), (e, r) => e.Redeliver(r)) with
        {
            Doc = new("Webhooks", "Send the event of one logged try again, with a fresh retry schedule"),
        },
    ];
}
