using System.Text.Json;
using Marketplace.Storage;
using Azure.Data.Tables;
using Marketplace.Http;
using Marketplace.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Billing;

/// <summary>
/// The billing worker: applies each usage message exactly once. Settling the wallet, the applied-marker (keyed by the
/// usage id) and the ledger legs commit in one entity-group transaction guarded by the wallet's ETag, so a
/// redelivered, duplicated or concurrently processed message can neither charge twice nor leave half a charge.
/// The same id with a different payload is refused and reported; so is usage too old or from the future.
/// </summary>
public sealed class UsageApplier(
    BillingStore store, Credits credits, StripedLocks locks, StorageQueues queues, IOptions<BillingOptions> options, TimeProvider clock, ILogger<UsageApplier> logger) : IQueueHandler
{
    public string Queue => QueueNames.UsageEvents;

    public async Task HandleAsync(string message, CancellationToken ct)
    {
        var usage = JsonSerializer.Deserialize<UsageEvent>(message, Json.Lenient) ?? throw new InvalidDataException("The message holds no usage event.");
        await ApplyAsync(usage, ct);
    }

    public async Task<UsageOutcome> ApplyAsync(UsageEvent usage, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var hash = usage.PayloadHash();
        if (usage.OccurredAt > now + options.Value.FutureSkew) return await RejectAsync(usage, hash, "occurred in the future", ct);
        if (usage.OccurredAt < now - options.Value.LateUsageWindow) return await RejectAsync(usage, hash, "older than the late-usage window", ct);
        if (usage.Price < 0) return await RejectAsync(usage, hash, "negative price", ct);
        // Above the largest price is an out-of-bounds pricing (or a forged event): never charged, only reported.
        if (usage.Price > Pricing.MaxPrice) return await RejectAsync(usage, hash, "price above the largest price", ct);

        var allowance = await credits.AllowanceAsync(usage.TenantId, ct);
        var (outcome, legs) = await CommitAsync(usage, hash, allowance, now, ct);
        if (legs is null) return await RejectAsync(usage, hash, "the id was already applied with a different payload", ct);
        // Projections run after the wallet is free again; for a duplicate they are redone in case the first run
        // died before them (both are idempotent).
        foreach (var credit in legs.Where(l => l.Leg == LedgerLeg.PublisherCredit)) await store.RecordEarningAsync(credit, ct);
        await ForwardAsync(usage, legs, ct);
        return outcome;
    }

    /// <summary>
    /// The transaction: wallet, marker and legs, retried until it commits or the marker shows the event was applied.
    /// Returns the event's legs (as first booked, for a duplicate), or null for the same id with another payload.
    /// </summary>
    async Task<(UsageOutcome Outcome, List<LedgerEntry>? Legs)> CommitAsync(UsageEvent usage, string hash, OverdraftAllowance allowance, DateTimeOffset now, CancellationToken ct)
    {
        using var _ = await locks.AcquireAsync(usage.TenantId, ct);
        while (true)
        {
            var current = await store.GetWalletAsync(usage.TenantId, ct);
            var wallet = current.Wallet;
            var reservationId = usage.ReservationId ?? usage.Id;
            var (next, held, charged, uncollected) = usage.Price == 0
                ? (wallet.Release(reservationId, now), wallet.Reservations.FirstOrDefault(r => r.Id == reservationId)?.Amount ?? 0, 0L, 0L)
                : wallet.Settle(reservationId, usage.Price, now, allowance);
            var (period, adjustment) = Period(usage.OccurredAt, wallet.ClosedThrough);
            var legs = Legs(usage, charged, period, adjustment, now);
            List<TableTransactionAction> actions = [BillingStore.SaveWallet(current, next), BillingStore.AddMarker(usage, hash, held, charged, period, adjustment, now)];
            actions.AddRange(legs.Select(l => BillingStore.AddEntry(usage.TenantId, l)));
            if (charged > 0 && usage.AgentId.Length > 0) actions.Add(BillingStore.MarkPaidUse(usage.TenantId, usage.AgentId));
            var failure = await store.TrySubmitAsync(actions, ct);
            if (failure is null)
            {
                if (uncollected > 0) logger.LogWarning("Usage {UsageId} of tenant {TenantId}: {Uncollected} micro-credits not covered", usage.Id, usage.TenantId, uncollected);
                return (UsageOutcome.Applied, legs);
            }
            if (failure.Value.Index == 1 || failure.Value.Status == 409)
            {
                // Applied before (a redelivery or a duplicate): its legs are those of the period it was booked in then.
                var applied = await store.AppliedAsync(usage.TenantId, usage.Id, ct);
                if (applied is { } a) return a.Hash == hash ? (UsageOutcome.Duplicate, Legs(usage, a.Charged, a.Period, a.Adjustment, a.AppliedAt)) : (UsageOutcome.Rejected, null);
            }
            // The wallet changed under us (a reservation, another instance): decide again on the new state.
        }
    }

    /// <summary>
    /// Hands the applied event to the analytics worker. Also done again for a duplicate, in case the first run died
    /// between the ledger and this send: the analytics worker counts an event once however often it arrives.
    /// </summary>
    Task ForwardAsync(UsageEvent usage, List<LedgerEntry> legs, CancellationToken ct) =>
        queues.Get(QueueNames.AnalyticsEvents).SendMessageAsync(JsonSerializer.Serialize(new Analytics.AnalyticsEvent(
            usage.Id, usage.TenantId, usage.Kind, usage.AgentId, usage.PublisherTenantId, usage.Outcome is not ("Completed" or "Ok"),
            legs.Where(l => l.Leg == LedgerLeg.TenantDebit).Sum(l => l.Amount), legs.Where(l => l.Leg == LedgerLeg.PublisherCredit).Sum(l => l.Amount), usage.OccurredAt)
        {
            Tool = usage.Tool,
            LatencyMs = usage.LatencyMs,
        }, Json.Lenient), ct);

    /// <summary>Usage is booked in the month it happened, unless that month's statement is closed: then in the next open one.</summary>
    public static (string Period, bool Adjustment) Period(DateTimeOffset occurredAt, string? closedThrough)
    {
        var period = occurredAt.UtcDateTime.ToString("yyyy-MM");
        if (closedThrough is null || string.CompareOrdinal(period, closedThrough) > 0) return (period, false);
        var next = DateTime.ParseExact(closedThrough, "yyyy-MM", null).AddMonths(1);
        return (next.ToString("yyyy-MM"), true);
    }

    List<LedgerEntry> Legs(UsageEvent usage, long charged, string period, bool adjustment, DateTimeOffset now)
    {
        if (charged == 0) return [];
        // A tenant's own tools, or no known publisher: the platform is paid the whole charge.
        var publisher = string.IsNullOrEmpty(usage.PublisherTenantId) || usage.PublisherTenantId == usage.TenantId ? null : usage.PublisherTenantId;
        var fee = publisher is null ? charged : charged * options.Value.PlatformFeePercent / 100;
        LedgerEntry Leg(LedgerLeg leg, string account, long amount) =>
            new(usage.Id, usage.Kind, leg, account, amount, period, adjustment, usage.AgentId, usage.Units, usage.OccurredAt, now) { Tool = usage.Tool };
        List<LedgerEntry> legs = [Leg(LedgerLeg.TenantDebit, usage.TenantId, charged), Leg(LedgerLeg.PlatformFee, "platform", fee)];
        if (publisher is not null) legs.Add(Leg(LedgerLeg.PublisherCredit, publisher, charged - fee));
        return legs;
    }

    async Task<UsageOutcome> RejectAsync(UsageEvent usage, string hash, string reason, CancellationToken ct)
    {
        logger.LogWarning("Usage {UsageId} of tenant {TenantId} refused: {Reason}", usage.Id, usage.TenantId, reason);
        await store.RecordRejectionAsync(new UsageRejection(usage.Id, usage.TenantId, reason, hash, clock.GetUtcNow()), ct);
        return UsageOutcome.Rejected;
    }
}

public enum UsageOutcome
{
    Applied,
    Duplicate,
    Rejected,
}
