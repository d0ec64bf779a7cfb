using Marketplace.A2A.Protocol;

namespace Marketplace.A2A.Tasks;

/// <summary>
/// The marketplace's record of one A2A task: the task as the caller sees it (gateway ids) plus the upstream agent's
/// ids for it. Owned by the tenant that created it; only that tenant ever reads it.
/// </summary>
public sealed record GatewayTask(
    string TenantId,
    string TaskId,
    string AgentId,
    string ContextId,
    AgentTask Task,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The agent's task id, once it has answered.</summary>
    public string? UpstreamTaskId { get; init; }

    /// <summary>The context id the agent uses for this conversation (derived per tenant, see <see cref="ContextIds"/>).</summary>
    public required string UpstreamContextId { get; init; }

    /// <summary>The key that created the task, for audit.</summary>
    public string? CreatedByKeyId { get; init; }

    /// <summary>
    /// While set in the future, some process is relaying the agent's events into this record; others leave it
    /// alone. Each relayed event extends it, so a crashed relay's lease simply runs out and another takes over.
    /// </summary>
    public DateTimeOffset? FollowerUntil { get; init; }

    /// <summary>The credit held for this task, settled by its usage record when it ends.</summary>
    public string? ReservationId { get; init; }

    /// <summary>The listing's pricing when the task started: later price changes do not apply to it.</summary>
    public Billing.Pricing? Pricing { get; init; }

    /// <summary>Set once a push-notification config exists: every later event is also pushed.</summary>
    public bool PushEnabled { get; init; }

    public bool IsSettled => State.IsTerminal() || State.IsInterrupted();

    public TaskState State => Task.Status.State;
}

/// <summary>A task as read from a store, with the store's concurrency token.</summary>
public sealed record StoredTask(GatewayTask Task, string StoreETag);

/// <summary>A page of tasks; the token is opaque and null on the last page.</summary>
public sealed record TaskPage(IReadOnlyList<GatewayTask> Tasks, string? NextPageToken, int TotalSize);

public sealed record TaskQuery(string TenantId, string AgentId, string? ContextId, TaskState? State, DateTimeOffset? StatusAfter, int PageSize, string? PageToken);
