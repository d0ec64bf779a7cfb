using Marketplace.A2A.Protocol;

namespace Marketplace.A2A.Push;

/// <summary>Input of a task's push notifier orchestration.</summary>
public sealed record PushNotifierInput(string TenantId, string TaskId, string Issuer);

/// <summary>One event to push; the notification id is stable, so a retried delivery is recognisable as the same.</summary>
public sealed record PushEvent(string NotificationId, StreamResponse Event);

/// <summary>One delivery of one event to one webhook.</summary>
public sealed record PushDelivery(string TenantId, string TaskId, string ConfigId, string Issuer, PushEvent Payload);

public static class PushNames
{
    public const string Orchestration = "PushNotifier";
    public const string EventName = "push";

    public static string InstanceId(string tenantId, string taskId) => $"push-{tenantId}-{taskId}";
}
