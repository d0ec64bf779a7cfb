using System.Text.Json.Serialization;

namespace Marketplace.Webhooks;

/// <summary>
/// A tenant's subscription of one URL to some events. Its signing secret is not part of the record: the store keeps
/// it encrypted beside it (<see cref="WebhookSecrets"/>), and only the create answer ever shows it.
/// </summary>
public sealed record Webhook(string TenantId, string Id, string Url, IReadOnlyList<string> Events, DateTimeOffset CreatedAt)
{
    public string? Description { get; init; }

    public WebhookStatus Status { get; init; } = WebhookStatus.Active;

    /// <summary>Why deliveries stopped, when <see cref="Status"/> is disabled.</summary>
    public string? DisabledReason { get; init; }

    public DateTimeOffset? DisabledAt { get; init; }

    public bool Wants(string eventType) => Status == WebhookStatus.Active && Events.Contains(eventType, StringComparer.Ordinal);
}

[JsonConverter(typeof(JsonStringEnumConverter<WebhookStatus>))]
public enum WebhookStatus
{
    [JsonStringEnumMemberName("active")] Active,
    [JsonStringEnumMemberName("disabled")] Disabled,
}

public sealed record CreateWebhookRequest(string? Url = null, IReadOnlyList<string>? Events = null, string? Description = null);

/// <summary>The create answer: the webhook and, this once, the secret its deliveries are signed with.</summary>
public sealed record CreatedWebhook(Webhook Webhook, string Secret);

/// <summary>A page of the delivery log, newest first.</summary>
public sealed record WebhookDeliveryPage(IReadOnlyList<WebhookAttempt> Items, string? NextCursor);

/// <summary>What a redelivery queued: the event, sent again under its own id so receivers can tell it is the same.</summary>
public sealed record WebhookRedelivery(string WebhookId, string EventId, string EventType);
