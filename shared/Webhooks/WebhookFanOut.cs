using Marketplace.Serialization;
using System.Text.Json;
using Marketplace.Events;
using Marketplace.Http;
using Marketplace.Queues;

namespace Marketplace.Webhooks;

/// <summary>
/// Hands each integration event that is a webhook event to the delivery queue, once per webhook of the event's
/// tenant that subscribed to it. It runs in the event relay, so webhooks see exactly the events the topics do; the
/// relay may repeat an event, and receivers de-duplicate on <c>webhook-id</c> (the event id).
/// </summary>
public sealed class WebhookFanOut(WebhookStore store, StorageQueues queues, TimeProvider clock) : IEventProjector
{
    public async Task ProjectAsync(IntegrationEvent evt, CancellationToken ct)
    {
        if (WebhookPayloads.TypeOf(evt) is not { } type) return;
        var subscribed = (await store.SubscriptionsAsync(evt.TenantId, ct)).Where(w => w.Wants(type)).ToList();
        if (subscribed.Count == 0) return;
        var payload = WebhookPayloads.Create(type, evt);
        var now = clock.GetUtcNow();
        foreach (var webhook in subscribed)
            await EnqueueAsync(queues, new WebhookDelivery(evt.TenantId, webhook.Id, evt.Id, type, 1, payload, now), TimeSpan.Zero, ct);
    }

    public static Task EnqueueAsync(StorageQueues queues, WebhookDelivery delivery, TimeSpan delay, CancellationToken ct) =>
        queues.Get(QueueNames.WebhookDeliveries).SendMessageAsync(JsonSerializer.Serialize(delivery, Json.Lenient), visibilityTimeout: delay, cancellationToken: ct);
}
