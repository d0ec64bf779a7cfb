namespace Marketplace.Webhooks;

/// <summary>The events a tenant may subscribe a webhook to, by the names receivers see in <c>type</c>.</summary>
public static class WebhookEventTypes
{
    public const string TaskCompleted = "task.completed";
    public const string TaskFailed = "task.failed";
    public const string RunCompleted = "run.completed";
    public const string RunFailed = "run.failed";
    public const string ApprovalRequested = "approval.requested";
    public const string BalanceLow = "balance.low";
    public const string GrantExpiring = "grant.expiring";
    public const string ListingPublished = "listing.published";
    public const string ReviewCreated = "review.created";
    public const string ToolBlocked = "tool.blocked";

    /// <summary>Sent only by <c>POST /api/webhooks/{id}/test</c>; no subscription is needed for it.</summary>
    public const string Test = "webhook.test";

    public static IReadOnlyList<string> All { get; } =
        [TaskCompleted, TaskFailed, RunCompleted, RunFailed, ApprovalRequested, BalanceLow, GrantExpiring, ListingPublished, ReviewCreated, ToolBlocked];

    public static bool IsKnown(string name) => All.Contains(name, StringComparer.Ordinal);
}
