namespace Marketplace.Billing;

public enum CreditKind
{
    Paid,
    Promotional,
}

/// <summary>Credit added to a tenant's wallet. Spent in order of priority (lower first), then soonest expiry, then age.</summary>
public sealed record CreditGrant(string Id, CreditKind Kind, long Amount, long Remaining, int Priority, DateTimeOffset CreatedAt)
{
    public DateTimeOffset? ExpiresAt { get; init; }

    public bool IsSpendable(DateTimeOffset now) => Remaining > 0 && (ExpiresAt is null || ExpiresAt > now);
}

/// <summary>Credit taken from one grant, or from the overdraft (<see cref="Overdraft"/>).</summary>
public sealed record Allocation(string GrantId, long Amount)
{
    public const string Overdraft = "";
}

/// <summary>Credit held for a call in flight, taken from grants in spend order until the call's usage settles it.</summary>
public sealed record Reservation(string Id, long Amount, IReadOnlyList<Allocation> Allocations, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary>How far below zero a wallet may go: nothing on a hard plan, the plan's limit on a soft one.</summary>
public sealed record OverdraftAllowance(long Limit)
{
    public static OverdraftAllowance None { get; } = new(0);

    public static OverdraftAllowance For(PlanLimits plan) => new(plan.Overdraft == OverdraftPolicy.Soft ? plan.OverdraftLimit : 0);
}

/// <summary>
/// A tenant's credit: grants, the reservations holding part of them, and what it owes beyond them (overdraft).
/// Every operation is a pure function returning the next wallet, so the rules can be tested exhaustively and the
/// store only has to save the result atomically.
/// </summary>
public sealed record Wallet(string TenantId, IReadOnlyList<CreditGrant> Grants, IReadOnlyList<Reservation> Reservations, long Overdraft)
{
    /// <summary>The last month whose statement is closed ("yyyy-MM"); usage for it is booked in the next open month.</summary>
    public string? ClosedThrough { get; init; }

    /// <summary>The month <see cref="QuotaCalls"/> counts ("yyyy-MM").</summary>
    public string? QuotaMonth { get; init; }

    /// <summary>Billable calls started in <see cref="QuotaMonth"/>, against the plan's monthly quota.</summary>
    public long QuotaCalls { get; init; }

    public static Wallet Empty(string tenantId) => new(tenantId, [], [], 0);

    /// <summary>Counts one billable call against a monthly quota (0 = none); null when the month's quota is used up.</summary>
    public Wallet? CountCall(DateTimeOffset now, long quota)
    {
        var month = now.UtcDateTime.ToString("yyyy-MM");
        var calls = QuotaMonth == month ? QuotaCalls : 0;
        if (quota > 0 && calls >= quota) return null;
        return this with { QuotaMonth = month, QuotaCalls = calls + 1 };
    }

    public long Spendable(DateTimeOffset now) => Grants.Where(g => g.IsSpendable(now)).Sum(g => g.Remaining);

    public long Reserved => Reservations.Sum(r => r.Amount);

    /// <summary>What the tenant can still spend: unreserved unexpired credit less what it owes.</summary>
    public long Balance(DateTimeOffset now) => Spendable(now) - Overdraft;

    public Wallet AddGrant(CreditGrant grant) => Grants.Any(g => g.Id == grant.Id) ? this : this with { Grants = [.. Grants, grant] };

    public IEnumerable<CreditGrant> SpendOrder(DateTimeOffset now) => Grants.Where(g => g.IsSpendable(now))
        .OrderBy(g => g.Priority).ThenBy(g => g.ExpiresAt ?? DateTimeOffset.MaxValue).ThenBy(g => g.CreatedAt).ThenBy(g => g.Id, StringComparer.Ordinal);

    /// <summary>
    /// Holds <paramref name="amount"/> for a call, or null when it is not covered (grants plus allowed overdraft).
    /// Expired reservations are released first; reserving an id twice returns the wallet unchanged.
    /// </summary>
    public Wallet? Reserve(string id, long amount, DateTimeOffset now, TimeSpan timeout, OverdraftAllowance allowance)
    {
        var wallet = ReleaseExpired(now);
        if (wallet.Reservations.Any(r => r.Id == id)) return wallet;
        var (next, allocations, shortfall) = wallet.Take(amount, now, allowance);
        if (shortfall > 0) return null;
        return next with { Reservations = [.. next.Reservations, new Reservation(id, amount, allocations, now, now + timeout)] };
    }

    /// <summary>Gives a reservation's credit back (the call failed or never started). Unknown ids change nothing.</summary>
    public Wallet Release(string id, DateTimeOffset now)
    {
        var reservation = Reservations.FirstOrDefault(r => r.Id == id);
        return reservation is null ? this : (this with { Reservations = Reservations.Where(r => r.Id != id).ToList() }).Return(reservation.Allocations, reservation.Amount, now);
    }

    /// <summary>
    /// Charges a finished call <paramref name="price"/>: from its reservation (returning what was held beyond the
    /// price), plus from the wallet when the price exceeds it or no reservation exists any more (it lapsed). What
    /// neither grants nor the allowed overdraft cover is not charged (returned as <c>Uncollected</c>): a hard plan
    /// never goes below zero, and nothing is ever charged beyond the price. <c>Held</c> is what the reservation held,
    /// for reconciliation to compare with the price and the charge.
    /// </summary>
    public (Wallet Wallet, long Held, long Charged, long Uncollected) Settle(string reservationId, long price, DateTimeOffset now, OverdraftAllowance allowance)
    {
        var reservation = Reservations.FirstOrDefault(r => r.Id == reservationId);
        var wallet = reservation is null ? this : this with { Reservations = Reservations.Where(r => r.Id != reservationId).ToList() };
        var held = reservation?.Amount ?? 0;
        if (price <= held) return (wallet.Return(reservation!.Allocations, held - price, now), held, price, 0);
        var (next, _, shortfall) = wallet.Take(price - held, now, allowance, takeWhatIsThere: true);
        return (next, held, price - shortfall, shortfall);
    }

    public Wallet ReleaseExpired(DateTimeOffset now) =>
        Reservations.Where(r => r.ExpiresAt <= now).Select(r => r.Id).ToList().Aggregate(this, (w, id) => w.Release(id, now));

    /// <summary>Takes credit in spend order, then from the overdraft allowance; reports what could not be covered.</summary>
    (Wallet Wallet, IReadOnlyList<Allocation> Allocations, long Shortfall) Take(long amount, DateTimeOffset now, OverdraftAllowance allowance, bool takeWhatIsThere = false)
    {
        var available = Spendable(now) + Math.Max(0, allowance.Limit - Overdraft);
        if (amount > available && !takeWhatIsThere) return (this, [], amount - available);
        var grants = Grants.ToDictionary(g => g.Id);
        var allocations = new List<Allocation>();
        var left = amount;
        foreach (var grant in SpendOrder(now))
        {
            if (left == 0) break;
            var take = Math.Min(left, grant.Remaining);
            grants[grant.Id] = grant with { Remaining = grant.Remaining - take };
            allocations.Add(new Allocation(grant.Id, take));
            left -= take;
        }
        var overdraft = Math.Min(left, Math.Max(0, allowance.Limit - Overdraft));
        if (overdraft > 0) allocations.Add(new Allocation(Allocation.Overdraft, overdraft));
        left -= overdraft;
        return (this with { Grants = Grants.Select(g => grants[g.Id]).ToList(), Overdraft = Overdraft + overdraft }, allocations, left);
    }

    /// <summary>Returns up to <paramref name="amount"/> of what was taken, overdraft first, then grants in reverse spend order.</summary>
    Wallet Return(IReadOnlyList<Allocation> allocations, long amount, DateTimeOffset now)
    {
        var grants = Grants.ToDictionary(g => g.Id);
        var overdraft = Overdraft;
        var left = amount;
        foreach (var allocation in allocations.Reverse())
        {
            if (left == 0) break;
            var back = Math.Min(left, allocation.Amount);
            left -= back;
            if (allocation.GrantId == Allocation.Overdraft) overdraft -= back;
            // Credit returned to a grant that has expired meanwhile stays unspendable: expired credit is never spent.
            else if (grants.TryGetValue(allocation.GrantId, out var grant)) grants[grant.Id] = grant with { Remaining = grant.Remaining + back };
        }
        return this with { Grants = Grants.Select(g => grants[g.Id]).ToList(), Overdraft = overdraft };
    }
}
