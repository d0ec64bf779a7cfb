using Marketplace.Serialization;
using System.Text.Json;
using Marketplace.Http;
using Marketplace.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Webhooks;

/// <summary>
/// The queue worker that makes one try per message. A failed try is queued again, invisible for the next wait of the
/// retry schedule (so the backoff survives restarts and scales out like any queue work); when the last try fails,
/// the webhook is disabled with the reason. A webhook deleted or disabled meanwhile gets nothing more.
/// </summary>
public sealed class WebhookDeliveryWorker(
    WebhookStore store, WebhookSender sender, WebhookLogPruning pruning, StorageQueues queues, IOptions<WebhookOptions> options, TimeProvider clock, ILogger<WebhookDeliveryWorker> logger) : IQueueHandler
{
    public string Queue => QueueNames.WebhookDeliveries;

    public async Task HandleAsync(string message, CancellationToken ct)
    {
        var delivery = JsonSerializer.Deserialize<WebhookDelivery>(message, Json.Lenient)
            ?? throw new InvalidDataException("The queue message holds no delivery.");
        if (await store.GetForDeliveryAsync(delivery.TenantId, delivery.WebhookId, ct) is not { } found || found.Webhook.Status != WebhookStatus.Active) return;
        var (webhook, secret) = found;

        var attempt = await TryAsync(webhook, secret, delivery, ct);
        if (attempt.Succeeded) return;
        var retries = options.Value.Retries;
        if (delivery.Attempt <= retries.Count)
        {
            await WebhookFanOut.EnqueueAsync(queues, delivery with { Attempt = delivery.Attempt + 1 }, retries[delivery.Attempt - 1], ct);
            return;
        }
        var reason = $"{delivery.Attempt} tries of event {delivery.EventId} ({delivery.EventType}) failed between {delivery.FirstTriedAt:u} and {attempt.At:u}; the last: {attempt.Error}.";
        await store.ChangeAsync(webhook.TenantId, webhook.Id, w => w.Status == WebhookStatus.Disabled ? w : w with
        {
            Status = WebhookStatus.Disabled, DisabledReason = reason, DisabledAt = attempt.At,
        }, ct);
        logger.LogWarning("Webhook {WebhookId} of tenant {TenantId} disabled after {Attempts} failed tries", webhook.Id, webhook.TenantId, delivery.Attempt);
    }

    /// <summary>Sends and logs one try (test deliveries come through here too).</summary>
    public async Task<WebhookAttempt> TryAsync(Webhook webhook, string secret, WebhookDelivery delivery, CancellationToken ct)
    {
        var result = await sender.SendAsync(webhook.Url, secret, delivery.EventId, delivery.Payload, ct);
        var at = clock.GetUtcNow();
        var attempt = new WebhookAttempt(WebhookStore.NewAttemptId(at), webhook.Id, delivery.EventId, delivery.EventType, delivery.Attempt,
            result.Succeeded, result.LatencyMs, at, result.StatusCode, result.Error);
        await store.AddAttemptAsync(webhook.TenantId, attempt, delivery.Payload, ct);
        await pruning.AfterTryAsync(webhook.TenantId, webhook.Id, ct);
        return attempt;
    }
}
