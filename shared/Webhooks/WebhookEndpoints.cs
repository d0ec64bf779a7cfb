using Marketplace.Http;
using Marketplace.Queues;
using Marketplace.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Marketplace.Webhooks;

/// <summary>
/// A tenant's webhooks (owner and developer keys). Every look-up is by the caller's tenant, so another tenant's
/// webhook reads as missing.
/// </summary>
public static class WebhookEndpoints
{
    const int MaxDescription = 500;

    public static async Task<IResult> Create(ApiRequest request)
    {
        var body = await request.BodyAsync<CreateWebhookRequest>();
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(body.Url)) errors.Add(new("$.url", "Required."));
        else if (!request.Service<SsrfGuard>().TryValidateUrl(body.Url, out _, out var error)) errors.Add(new("$.url", error));
        if (body.Events is not { Count: > 0 }) errors.Add(new("$.events", $"Name one or more of: {string.Join(", ", WebhookEventTypes.All)}."));
        else
            for (var i = 0; i < body.Events.Count; i++)
                if (body.Events[i] is not { } name || !WebhookEventTypes.IsKnown(name))
                    errors.Add(new($"$.events[{i}]", $"Unknown event. Valid events: {string.Join(", ", WebhookEventTypes.All)}."));
        if (body.Description is { Length: > MaxDescription }) errors.Add(new("$.description", $"At most {MaxDescription} characters."));
        if (errors.Count > 0) return Problems.Validation(errors);

        var tenantId = request.Caller.TenantId!;
        var store = request.Service<WebhookStore>();
        var max = request.Service<IOptions<WebhookOptions>>().Value.MaxPerTenant;
        if ((await store.ListAsync(tenantId, request.Aborted)).Count >= max) return Problems.Conflict($"A tenant may have at most {max} webhooks; delete one first.");
        var webhook = new Webhook(tenantId, "whk-" + Tenancy.Ids.Random(12), body.Url!, body.Events!.Distinct(StringComparer.Ordinal).ToList(),
            request.Service<TimeProvider>().GetUtcNow()) { Description = body.Description };
        var secret = WebhookSecrets.Generate();
        await store.AddAsync(webhook, secret, request.Aborted);
        return Results.Created($"/api/webhooks/{webhook.Id}", new CreatedWebhook(webhook, secret));
    }

    public static async Task<IResult> List(ApiRequest request) =>
        Results.Ok(await request.Service<WebhookStore>().ListAsync(request.Caller.TenantId!, request.Aborted));

    public static async Task<IResult> Get(ApiRequest request) =>
        await FindAsync(request) is { } webhook ? Results.Ok(webhook) : Missing(request);

    public static async Task<IResult> Delete(ApiRequest request) =>
        await request.Service<WebhookStore>().DeleteAsync(request.Caller.TenantId!, request.Route("webhookId"), request.Aborted)
            ? Results.NoContent()
            : Missing(request);

    /// <summary>
    /// Sends a <c>webhook.test</c> event now, once, and answers with how it went (it is logged like any try). A test
    /// that succeeds re-enables a disabled webhook: it is how a receiver that was fixed is put back in service.
    /// </summary>
    public static async Task<IResult> Test(ApiRequest request)
    {
        var store = request.Service<WebhookStore>();
        if (await store.GetForDeliveryAsync(request.Caller.TenantId!, request.Route("webhookId"), request.Aborted) is not { } found) return Missing(request);
        var (webhook, secret) = found;
        var now = request.Service<TimeProvider>().GetUtcNow();
        var (id, payload) = WebhookPayloads.Test(webhook, now);
        var attempt = await request.Service<WebhookDeliveryWorker>().TryAsync(webhook, secret,
            new WebhookDelivery(webhook.TenantId, webhook.Id, id, WebhookEventTypes.Test, 1, payload, now), request.Aborted);
        if (attempt.Succeeded && webhook.Status == WebhookStatus.Disabled)
            await store.ChangeAsync(webhook.TenantId, webhook.Id, w => w with { Status = WebhookStatus.Active, DisabledReason = null, DisabledAt = null }, request.Aborted);
        return Results.Ok(attempt);
    }

    public static async Task<IResult> Deliveries(ApiRequest request)
    {
        var errors = new List<FieldError>();
        var limit = 20;
        if (request.Query("limit") is { } l && (!int.TryParse(l, out limit) || limit is < 1 or > 100)) errors.Add(new("limit", "1 to 100."));
        if (request.Query("cursor") is { } c && !Storage.TableCursors.IsWellFormed(c)) errors.Add(new("cursor", "Not a cursor this API returned."));
        if (errors.Count > 0) return Problems.Validation(errors);
        if (await FindAsync(request) is not { } webhook) return Missing(request);
        try
        {
            return Results.Ok(await request.Service<WebhookStore>().AttemptsAsync(webhook.TenantId, webhook.Id, limit, request.Query("cursor"), request.Aborted));
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 400)
        {
            return Problems.Validation([new("cursor", "Not a cursor this API returned.")]);
        }
    }

    /// <summary>Queues the event of one logged try again, from the first try of the retry schedule.</summary>
    public static async Task<IResult> Redeliver(ApiRequest request)
    {
        if (await FindAsync(request) is not { } webhook) return Missing(request);
        var store = request.Service<WebhookStore>();
        var deliveryId = request.Route("deliveryId");
        if (await store.GetAttemptAsync(webhook.TenantId, webhook.Id, deliveryId, request.Aborted) is not { } logged)
            return Problems.NotFound($"No delivery '{deliveryId}' in this webhook's log.");
        var (attempt, payload) = logged;
        if (webhook.Status == WebhookStatus.Disabled)
            return Problems.Conflict($"The webhook is disabled ({webhook.DisabledReason}); a test delivery that succeeds enables it again.");
        var now = request.Service<TimeProvider>().GetUtcNow();
        await WebhookFanOut.EnqueueAsync(request.Service<StorageQueues>(),
            new WebhookDelivery(webhook.TenantId, webhook.Id, attempt.EventId, attempt.EventType, 1, payload, now), TimeSpan.Zero, request.Aborted);
        return Results.Accepted(value: new WebhookRedelivery(webhook.Id, attempt.EventId, attempt.EventType));
    }

    static Task<Webhook?> FindAsync(ApiRequest request) =>
        request.Service<WebhookStore>().GetAsync(request.Caller.TenantId!, request.Route("webhookId"), request.Aborted);

    static IResult Missing(ApiRequest request) => Problems.NotFound($"No webhook '{request.Route("webhookId")}'.");
}
