namespace Marketplace.Webhooks;

/// <summary>
/// A queued try at sending one event to one webhook. <see cref="Payload"/> is the exact body, built once when the
/// event is fanned out, so every retry and redelivery sends (and signs) the same bytes.
/// </summary>
public sealed record WebhookDelivery(string TenantId, string WebhookId, string EventId, string EventType, int Attempt, string Payload, DateTimeOffset FirstTriedAt);
