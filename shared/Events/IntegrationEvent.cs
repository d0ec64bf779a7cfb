using System.Text.Json;

namespace Marketplace.Events;

/// <summary>
/// An integration event in CloudEvents 1.0 terms (id, type, source, subject, time) plus the tenant it concerns and
/// the Service Bus topic it belongs on. The id is deterministic where the event is, so consumers can de-duplicate.
/// </summary>
public sealed record IntegrationEvent(
    string Id, string Topic, string Type, string Source, string Subject, DateTimeOffset Time, string TenantId, JsonElement Data);

public static class Topics
{
    public const string AgentEvents = "agent-events";
    public const string TaskUpdates = "task-updates";
    public const string WorkflowProgress = "workflow-progress";
    public const string SystemNotifications = "system-notifications";
}
