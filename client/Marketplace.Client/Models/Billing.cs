namespace Marketplace.Client.Models;

public sealed record CreditGrant(string Id, string Kind, long Amount, long Remaining, int Priority, DateTimeOffset CreatedAt)
{
    public DateTimeOffset? ExpiresAt { get; init; }
}

/// <summary>A tenant's credit, in micro-credits.</summary>
public sealed record BalanceView(string TenantId, long Balance, long Spendable, long Reserved, long Overdraft, IReadOnlyList<CreditGrant> Grants, string? ClosedThrough);

public sealed record UsagePoint(DateTimeOffset Start, long Calls, long Errors, double? P50Ms, double? P95Ms, double? P99Ms, long Credits);

public sealed record UsageSeries(string Scope, string Granularity, string? AgentId, string? Tool, IReadOnlyList<UsagePoint> Points);

public sealed record UsageQuery(string? Granularity = null, DateTimeOffset? From = null, DateTimeOffset? To = null, string? AgentId = null, string? Tool = null);

public sealed record StatementLine(string Kind, string AgentId, string Tool, bool Adjustment, long Quantity, long Amount);

public sealed record Statement(string TenantId, string Period, bool Closed, IReadOnlyList<StatementLine> Lines, long Total);

/// <summary>One leg of a priced call in the ledger, in micro-credits.</summary>
public sealed record LedgerEntry(
    string UsageId, string Kind, string Leg, string Account, long Amount, string Period, bool Adjustment,
    string AgentId, long Units, DateTimeOffset OccurredAt, DateTimeOffset AppliedAt)
{
    public string? Tool { get; init; }
}

/// <summary>A page of the ledger; <see cref="Next"/> asks for the following one.</summary>
public sealed record LedgerPage(IReadOnlyList<LedgerEntry> Entries, string? Next);

/// <summary>Ledger filters; all optional.</summary>
public sealed record LedgerQuery(string? Period = null, int? Limit = null, string? Next = null);

/// <summary>Body of a credit grant (platform admin), in micro-credits; <c>kind</c> is paid or promotional.</summary>
public sealed record GrantCreditRequest(long Amount)
{
    public string? Kind { get; init; }
    public int? Priority { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
}
