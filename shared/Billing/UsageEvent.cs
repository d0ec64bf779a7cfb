namespace Marketplace.Billing;

/// <summary>
/// One billable event. The id is deterministic (derived from what was used, e.g. the task), so however often it is
/// emitted the billing worker applies it once.
/// </summary>
public sealed record UsageEvent(
    string Id, string Kind, string TenantId, string? KeyId, string AgentId, string PublisherTenantId, string Subject, string Outcome,
    DateTimeOffset OccurredAt);

public static class UsageKinds
{
    public const string A2ATask = "a2a.task";
    public const string A2AMessage = "a2a.message";
}
