namespace Marketplace.Billing;

/// <summary>Which side of a charge an entry is: the tenant pays, the publisher and the platform are paid.</summary>
public enum LedgerLeg
{
    TenantDebit,
    PublisherCredit,
    PlatformFee,
}

/// <summary>
/// One immutable leg of an applied usage event. The legs of an event sum to zero (debit = credits), and are written
/// in one transaction with the event's applied-marker and the wallet, so an event is in the ledger entirely or not at all.
/// </summary>
public sealed record LedgerEntry(
    string UsageId, string Kind, LedgerLeg Leg, string Account, long Amount, string Period, bool Adjustment,
    string AgentId, long Units, DateTimeOffset OccurredAt, DateTimeOffset AppliedAt)
{
    public string? Tool { get; init; }
}

/// <summary>A page of a tenant's ledger, newest period first; <c>next</c> continues it.</summary>
public sealed record LedgerPage(IReadOnlyList<LedgerEntry> Entries, string? Next);

/// <summary>What <c>GET /api/billing/balance</c> answers, in micro-credits.</summary>
public sealed record BalanceView(string TenantId, long Balance, long Spendable, long Reserved, long Overdraft, IReadOnlyList<CreditGrant> Grants, string? ClosedThrough);

/// <summary>Body of the admin's credit grant.</summary>
public sealed record GrantCreditRequest(long Amount, CreditKind Kind = CreditKind.Paid, int Priority = 100, DateTimeOffset? ExpiresAt = null, string? Id = null);

/// <summary>A usage event the worker refused, kept for the tenant's and the operator's inspection.</summary>
public sealed record UsageRejection(string UsageId, string TenantId, string Reason, string PayloadHash, DateTimeOffset At);
