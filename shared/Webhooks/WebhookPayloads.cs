using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Events;

namespace Marketplace.Webhooks;

/// <summary>
/// Turns the platform's integration events into what receivers get: a CloudEvents 1.0 JSON document whose
/// <c>type</c> is the webhook event name, holding the event's own data and nothing else of the platform.
/// </summary>
public static class WebhookPayloads
{
    /// <summary>The webhook event an integration event is, if any.</summary>
    public static string? TypeOf(IntegrationEvent evt) => evt.Type switch
    {
        SystemEvents.TaskFinishedType => State(evt) switch
        {
            "Completed" => WebhookEventTypes.TaskCompleted,
            "Failed" => WebhookEventTypes.TaskFailed,
            _ => null,
        },
        WorkflowEvents.RunFinished => State(evt) switch
        {
            "completed" => WebhookEventTypes.RunCompleted,
            "failed" => WebhookEventTypes.RunFailed,
            _ => null,
        },
        WorkflowEvents.ApprovalRequested => WebhookEventTypes.ApprovalRequested,
        AgentEvents.PublishedType => WebhookEventTypes.ListingPublished,
        ReviewEvents.CreatedType => WebhookEventTypes.ReviewCreated,
        ToolEvents.BlockedType => WebhookEventTypes.ToolBlocked,
        BalanceEvents.LowType => WebhookEventTypes.BalanceLow,
        BalanceEvents.GrantExpiringType => WebhookEventTypes.GrantExpiring,
        _ => null,
    };

    public static string Create(string type, IntegrationEvent evt) =>
        Envelope(evt.Id, type, evt.Source, evt.Subject, evt.Time, JsonNode.Parse(evt.Data.GetRawText()));

    /// <summary>The body of a test delivery: a fresh id, so receivers that de-duplicate still show it.</summary>
    public static (string Id, string Payload) Test(Webhook webhook, DateTimeOffset at)
    {
        var id = "test-" + Guid.NewGuid().ToString("N");
        return (id, Envelope(id, WebhookEventTypes.Test, "/api/webhooks", webhook.Id, at,
            new JsonObject { ["webhookId"] = webhook.Id, ["message"] = "A test delivery from the marketplace." }));
    }

    static string Envelope(string id, string type, string source, string subject, DateTimeOffset time, JsonNode? data) => new JsonObject
    {
        ["specversion"] = "1.0",
        ["id"] = id,
        ["source"] = source,
        ["type"] = type,
        ["time"] = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
        ["subject"] = subject,
        ["datacontenttype"] = "application/json",
        ["data"] = data,
    }.ToJsonString();

    static string? State(IntegrationEvent evt) =>
        evt.Data.ValueKind == JsonValueKind.Object && evt.Data.TryGetProperty("state", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
}
