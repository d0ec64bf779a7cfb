namespace Marketplace.Queues;

/// <summary>
/// The body of a queue-triggered function. In Azure a <c>[QueueTrigger]</c> wrapper calls it; standalone, the
/// <see cref="QueuePoller"/> does. Throwing leaves the message for a retry; after five tries it goes to the poison queue.
/// </summary>
public interface IQueueHandler
{
    string Queue { get; }

    Task HandleAsync(string message, CancellationToken ct);
}

public static class QueueNames
{
    public const string IntegrationEvents = "integration-events";
    public const string UsageEvents = "usage-events";
    public const string AnalyticsEvents = "analytics-events";
    public const string WebhookDeliveries = "webhook-deliveries";

    public static IReadOnlyList<string> All { get; } = [IntegrationEvents, UsageEvents, AnalyticsEvents, WebhookDeliveries];

    public static string Poison(string queue) => queue + "-poison";
}
