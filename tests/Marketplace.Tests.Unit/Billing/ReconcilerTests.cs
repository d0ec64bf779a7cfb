using Marketplace.Billing;
using Xunit;

namespace Marketplace.Tests.Billing;

/// <summary>Reconciliation compares price, hold and charge per event, and the ledger legs with the marker.</summary>
public sealed class ReconcilerTests
{
    static readonly DateTimeOffset At = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    static LedgerEntry Leg(string usageId, LedgerLeg leg, long amount) =>
        new(usageId, UsageKinds.A2ATask, leg, leg == LedgerLeg.TenantDebit ? "t" : "platform", amount, "2026-11", false, "agt", 0, At, At);

    static IEnumerable<LedgerEntry> Legs(string usageId, long charged) =>
        [Leg(usageId, LedgerLeg.TenantDebit, charged), Leg(usageId, LedgerLeg.PlatformFee, charged)];

    static Dictionary<string, AppliedCharge> Markers(params AppliedCharge[] charges) => charges.ToDictionary(c => c.UsageId);

    [Fact]
    public void Charges_within_price_and_hold_are_balanced()
    {
        var r = Reconciler.Reconcile("t", Markers(new("a", 100, 150, true, 100), new("b", 0, 40, true, 0), new("c", 70, 0, false, 70)), [.. Legs("a", 100), .. Legs("c", 70)]);
        Assert.True(r.Balanced);
        Assert.Equal((170L, 190L, 0L, 2), (r.Priced, r.Held, r.Uncollected, r.LedgerEvents));
    }

    [Fact]
    public void A_charge_above_its_price_or_its_hold_is_not_balanced()
    {
        var r = Reconciler.Reconcile("t", Markers(new("over", 100, 500, true, 120), new("beyond", 100, 50, true, 100)), [.. Legs("over", 120), .. Legs("beyond", 100)]);
        Assert.False(r.Balanced);
        Assert.Equal([("beyond", DiscrepancyKind.AboveHold), ("over", DiscrepancyKind.AbovePrice)], r.Discrepancies.Select(d => (d.UsageId, d.Kind)));
    }

    [Fact]
    public void Legs_that_do_not_match_their_marker_are_not_balanced_and_markers_without_amounts_are_compared_by_their_legs_only()
    {
        var r = Reconciler.Reconcile("t", Markers(new("legacy", null, null, false, 30), new("short", 30, 30, true, 30)),
            [.. Legs("legacy", 30), Leg("short", LedgerLeg.TenantDebit, 30), Leg("short", LedgerLeg.PlatformFee, 29)]);
        Assert.False(r.Balanced);
        Assert.Equal([("short", DiscrepancyKind.LedgerMismatch)], r.Discrepancies.Select(d => (d.UsageId, d.Kind)));
        Assert.Equal(30, r.Priced);
    }
}
