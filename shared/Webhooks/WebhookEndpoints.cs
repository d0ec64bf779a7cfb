using Marketplace.Http;
using Marketplace.Queues;
using Marketplace.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Marketplace.Webhooks;

/// <summary>
/// A tenant's webhooks (owner and developer keys). Every look-up is by the caller's tenant, so another tenant's
/// webhook reads as missing.
/// </summary>
public sealed class WebhookEndpoints(WebhookStore store, WebhookDeliveryWorker deliveries, SsrfGuard guard, StorageQueues queues, IOptions<WebhookOptions> options, TimeProvider clock)
{
    const int MaxDescription = 500;

    public async Task<Results<Created<CreatedWebhook>, InvalidProblem, ConflictProblem>> Create(ApiRequest request)
    {
        var body = await request.BodyAsync<CreateWebhookRequest>();
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(body.Url)) errors.Add(new("$.url", "Required."));
        else if (!guard.TryValidateUrl(body.Url, out _, out var error)) errors.Add(new("$.url", error));
        if (body.Events is not { Count: > 0 }) errors.Add(new("$.events", $"Name one or more of: {string.Join(", ", WebhookEventTypes.All)}."));
        else
            for (var i = 0; i < body.Events.Count; i++)
                if (body.Events[i] is not { } name || !WebhookEventTypes.IsKnown(name))
                    errors.Add(new($"$.events[{i}]", $"Unknown event. Valid events: {string.Join(", ", WebhookEventTypes.All)}."));
        if (body.Description is { Length: > MaxDescription }) errors.Add(new("$.description", $"At most {MaxDescription} characters."));
        if (errors.Count > 0) return new InvalidProblem(errors);

        var tenantId = request.Caller.TenantId!;
        var max = options.Value.MaxPerTenant;
        if ((await store.ListAsync(tenantId, request.Aborted)).Count >= max) return new ConflictProblem($"A tenant may have at most {max} webhooks; delete one first.");
        var webhook = new Webhook(tenantId, "whk-" + Tenancy.Ids.Random(12), body.Url!, body.Events!.Distinct(StringComparer.Ordinal).ToList(),
            clock.GetUtcNow()) { Description = body.Description };
        var secret = WebhookSecrets.Generate();
        await store.AddAsync(webhook, secret, request.Aborted);
        return TypedResults.Created($"/api/webhooks/{webhook.Id}", new CreatedWebhook(webhook, secret));
    }

    public async Task<Ok<List<Webhook>>> List(ApiRequest request) =>
        TypedResults.Ok((await store.ListAsync(request.Caller.TenantId!, request.Aborted)).ToList());

    public async Task<Results<Ok<Webhook>, NotFoundProblem>> Get(ApiRequest request) =>
        await FindAsync(request) is { } webhook ? TypedResults.Ok(webhook) : Missing(request);

    public async Task<Results<NoContent, NotFoundProblem>> Delete(ApiRequest request) =>
        await store.DeleteAsync(request.Caller.TenantId!, request.Route("webhookId"), request.Aborted)
            ? TypedResults.NoContent()
            : Missing(request);

    /// <summary>
    /// Sends a <c>webhook.test</c> event now, once, and answers with how it went (it is logged like any try). A test
    /// that succeeds re-enables a disabled webhook: it is how a receiver that was fixed is put back in service.
    /// </summary>
    public async Task<Results<Ok<WebhookAttempt>, NotFoundProblem>> Test(ApiRequest request)
    {
        if (await store.GetForDeliveryAsync(request.Caller.TenantId!, request.Route("webhookId"), request.Aborted) is not { } found) return Missing(request);
        var (webhook, secret) = found;
        var now = clock.GetUtcNow();
        var (id, payload) = WebhookPayloads.Test(webhook, now);
        var attempt = await deliveries.TryAsync(webhook, secret,
            new WebhookDelivery(webhook.TenantId, webhook.Id, id, WebhookEventTypes.Test, 1, payload, now), request.Aborted);
        if (attempt.Succeeded && webhook.Status == WebhookStatus.Disabled)
            await store.ChangeAsync(webhook.TenantId, webhook.Id, w => w with { Status = WebhookStatus.Active, DisabledReason = null, DisabledAt = null }, request.Aborted);
        return TypedResults.Ok(attempt);
    }

    public async Task<Results<Ok<WebhookDeliveryPage>, InvalidProblem, NotFoundProblem>> Deliveries(ApiRequest request)
    {
        var errors = new List<FieldError>();
        var limit = 20;
        if (request.Query("limit") is { } l && (!int.TryParse(l, out limit) || limit is < 1 or > 100)) errors.Add(new("limit", "1 to 100."));
        if (request.Query("cursor") is { } c && !Storage.TableCursors.IsWellFormed(c)) errors.Add(new("cursor", "Not a cursor this API returned."));
        if (errors.Count > 0) return new InvalidProblem(errors);
        if (await FindAsync(request) is not { } webhook) return Missing(request);
        try
        {
            return TypedResults.Ok(await store.AttemptsAsync(webhook.TenantId, webhook.Id, limit, request.Query("cursor"), request.Aborted));
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 400)
        {
            return new InvalidProblem([new("cursor", "Not a cursor this API returned.")]);
        }
    }

    /// <summary>Queues the event of one logged try again, from the first try of the retry schedule.</summary>
    public async Task<Results<Accepted<WebhookRedelivery>, NotFoundProblem, ConflictProblem>> Redeliver(ApiRequest request)
    {
        if (await FindAsync(request) is not { } webhook) return Missing(request);
        var deliveryId = request.Route("deliveryId");
        if (await store.GetAttemptAsync(webhook.TenantId, webhook.Id, deliveryId, request.Aborted) is not { } logged)
            return new NotFoundProblem($"No delivery '{deliveryId}' in this webhook's log.");
        var (attempt, payload) = logged;
        if (webhook.Status == WebhookStatus.Disabled)
            return new ConflictProblem($"The webhook is disabled ({webhook.DisabledReason}); a test delivery that succeeds enables it again.");
        var now = clock.GetUtcNow();
        await WebhookFanOut.EnqueueAsync(queues,
            new WebhookDelivery(webhook.TenantId, webhook.Id, attempt.EventId, attempt.EventType, 1, payload, now), TimeSpan.Zero, request.Aborted);
        return TypedResults.Accepted((string?)null, new WebhookRedelivery(webhook.Id, attempt.EventId, attempt.EventType));
    }

    Task<Webhook?> FindAsync(ApiRequest request) =>
        store.GetAsync(request.Caller.TenantId!, request.Route("webhookId"), request.Aborted);

    static NotFoundProblem Missing(ApiRequest request) => new($"No webhook '{request.Route("webhookId")}'.");
}
