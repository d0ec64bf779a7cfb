namespace Marketplace.A2A.Tasks;

/// <summary>
/// What must happen once a task is stored by a caller's message: a new task's usage recorded (it ended within the
/// request) or its lifecycle started; for a continued task, its lifecycle told that the caller answered.
/// </summary>
public enum HandOffKind
{
    Bill,
    Follow,
    Signal,
}

/// <summary>
/// An outbox record written in the same transaction as the task it names, so no crash can store the task and lose
/// the step after it. The step is idempotent; the record is removed once the step is done, and a sweeper does the
/// step for any record still present when it falls <see cref="DueAt"/>. Each write has its own <see cref="Id"/>, so
/// removing one record never removes a later one for the same task.
/// </summary>
public sealed record TaskHandOff(string TenantId, string TaskId, string Id, HandOffKind Kind, DateTimeOffset DueAt)
{
    /// <summary>
    /// A bill's usage event, fixed when the task is stored: the record is the event's outbox row, so whoever sends it
    /// (the request's outbox or the sweeper) sends the very same payload, which the billing worker books once.
    /// </summary>
    public Billing.UsageEvent? Usage { get; init; }
}
