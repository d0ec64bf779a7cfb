namespace Marketplace.Billing;

/// <summary>
/// One applied usage event as its marker records it: the price asked, what its reservation held when it settled
/// (zero when the hold had lapsed), whether the event named a reservation, and what was charged. Markers written
/// before price and hold were recorded have neither.
/// </summary>
public sealed record AppliedCharge(string UsageId, long? Price, long? Held, bool NamedReservation, long Charged);

public enum DiscrepancyKind
{
    /// <summary>Charged more than the price: must never happen.</summary>
    AbovePrice,

    /// <summary>Charged more than its reservation held (the hold had lapsed, or held too little): collected unprotected.</summary>
    AboveHold,

    /// <summary>Charged less than the price: the call ran partly or wholly free.</summary>
    Uncollected,

    /// <summary>The event's ledger legs do not sum to zero, or their debit is not what the marker says was charged.</summary>
    LedgerMismatch,
}

public sealed record ChargeDiscrepancy(string UsageId, DiscrepancyKind Kind, long? Price, long? Held, long Charged);

/// <summary>
/// Per-tenant reconciliation: the ledger balances (per event and in total), agrees with the usage applied, and every
/// charge is at most its price and its reservation and no less than its price. <c>Balanced</c> holds only when all do.
/// </summary>
public sealed record Reconciliation(string TenantId, long Debits, long Credits, long AppliedUsage, int AppliedEvents, int LedgerEvents, bool Balanced)
{
    /// <summary>The prices of the applied events (those whose marker records one).</summary>
    public long Priced { get; init; }

    /// <summary>What their reservations held when they settled.</summary>
    public long Held { get; init; }

    /// <summary>Price not charged: what calls got for free.</summary>
    public long Uncollected { get; init; }

    public int DiscrepancyCount { get; init; }

    /// <summary>The first <see cref="Reconciler.Listed"/> discrepancies.</summary>
    public IReadOnlyList<ChargeDiscrepancy> Discrepancies { get; init; } = [];
}

public static class Reconciler
{
    public const int Listed = 100;

    /// <summary>
    /// Compares the markers with the ledger legs. Legs of events without a marker (applied after the markers were
    /// read) are left out, so the check holds while the billing worker keeps running.
    /// </summary>
    public static Reconciliation Reconcile(string tenantId, IReadOnlyDictionary<string, AppliedCharge> applied, IEnumerable<LedgerEntry> entries)
    {
        var legs = new Dictionary<string, (long Debit, long Credit)>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!applied.ContainsKey(entry.UsageId)) continue;
            var (debit, credit) = legs.GetValueOrDefault(entry.UsageId);
            legs[entry.UsageId] = entry.Leg == LedgerLeg.TenantDebit ? (checked(debit + entry.Amount), credit) : (debit, checked(credit + entry.Amount));
        }
        var discrepancies = new List<ChargeDiscrepancy>();
        long priced = 0, held = 0, uncollected = 0;
        foreach (var charge in applied.Values.OrderBy(c => c.UsageId, StringComparer.Ordinal))
        {
            void Report(DiscrepancyKind kind) => discrepancies.Add(new(charge.UsageId, kind, charge.Price, charge.Held, charge.Charged));
            var (debit, credit) = legs.GetValueOrDefault(charge.UsageId);
            if (debit != credit || debit != charge.Charged) Report(DiscrepancyKind.LedgerMismatch);
            if (charge.Price is not { } price) continue;
            priced = checked(priced + price);
            held = checked(held + (charge.Held ?? 0));
            if (charge.Charged > price) Report(DiscrepancyKind.AbovePrice);
            // An event without a named reservation is a direct charge: only what it asked and got is compared.
            if (charge.NamedReservation && charge.Charged > (charge.Held ?? 0)) Report(DiscrepancyKind.AboveHold);
            if (charge.Charged < price)
            {
                uncollected = checked(uncollected + price - charge.Charged);
                Report(DiscrepancyKind.Uncollected);
            }
        }
        long debits = legs.Values.Sum(l => l.Debit), credits = legs.Values.Sum(l => l.Credit), appliedTotal = applied.Values.Sum(c => c.Charged);
        var chargedEvents = applied.Values.Count(c => c.Charged > 0);
        var balanced = debits == credits && debits == appliedTotal && legs.Count == chargedEvents && discrepancies.Count == 0;
        return new Reconciliation(tenantId, debits, credits, appliedTotal, applied.Count, legs.Count, balanced)
        {
            Priced = priced,
            Held = held,
            Uncollected = uncollected,
            DiscrepancyCount = discrepancies.Count,
            Discrepancies = discrepancies.Take(Listed).ToList(),
        };
    }
}
