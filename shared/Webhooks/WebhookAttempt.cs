namespace Marketplace.Webhooks;

/// <summary>
/// One line of a webhook's delivery log: one try at sending one event. <see cref="Error"/> is a fixed phrase
/// (<see cref="Security.OutboundFailure"/>), never an exception text, so the log names no internal address.
/// </summary>
public sealed record WebhookAttempt(
    string Id, string WebhookId, string EventId, string EventType, int Attempt, bool Succeeded, double LatencyMs, DateTimeOffset At, int? StatusCode = null, string? Error = null);
