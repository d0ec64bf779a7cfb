namespace Marketplace.Billing;

/// <summary>
/// A usage-events message carrying several events. Each is applied as if it came alone (its id makes it exactly
/// once); the message is completed only when all of them are booked, so a failure redelivers the whole batch and the
/// events already booked are recognised as duplicates.
/// </summary>
public sealed record UsageBatch(IReadOnlyList<UsageEvent> Events);
