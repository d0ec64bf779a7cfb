using Marketplace.Serialization;
using System.Text.Json;
using Marketplace.Storage;
using Azure.Data.Tables;
using Marketplace.Http;
using Marketplace.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Billing;

/// <summary>
/// The billing worker: applies each usage message exactly once. Concurrent events of one tenant are committed
/// together (<see cref="GroupCommit{TItem,TResult}"/>): the wallet (settling each reservation in turn; ETag-guarded),
/// each event's applied-marker (keyed by the usage id) and ledger legs go into entity-group transactions of at most
/// 100 operations in the tenant's partition, so a redelivered, duplicated or concurrently processed message can
/// neither charge twice nor leave half a charge. The same id with a different payload is refused and reported; so is
/// usage too old or from the future. Earnings and analytics are projected once per batch.
/// </summary>
public sealed class UsageApplier : IQueueHandler
{
    // An entity-group transaction holds at most 100 operations (the wallet is one of them).
    const int MaxOperations = 100;

    // Events of one tenant committed as one batch: a few transactions' worth.
    const int MaxBatch = 64;

    // Events per analytics message: about 300 bytes each, well inside a queue message's 64 KiB.
    const int MaxAnalyticsEvents = 32;

    // Ids remembered as booked (about 200 bytes each): enough to recognise the duplicates of the last minutes of a
    // busy instance without a storage read.
    const int RememberedBookings = 50_000;

    readonly BillingStore store;
    readonly Credits credits;
    readonly StripedLocks locks;
    readonly StorageQueues queues;
    readonly IOptions<BillingOptions> options;
    readonly TimeProvider clock;
    readonly ILogger<UsageApplier> logger;
    readonly GroupCommit<Submitted, UsageOutcome> commits;
    readonly RecentBookings<Booked> recent = new(RememberedBookings);

    public UsageApplier(BillingStore store, Credits credits, StripedLocks locks, StorageQueues queues, IOptions<BillingOptions> options, TimeProvider clock, ILogger<UsageApplier> logger)
    {
        (this.store, this.credits, this.locks, this.queues, this.options, this.clock, this.logger) = (store, credits, locks, queues, options, clock, logger);
        commits = new GroupCommit<Submitted, UsageOutcome>(CommitAsync, MaxBatch);
    }

    public string Queue => QueueNames.UsageEvents;

    sealed record Submitted(UsageEvent Usage, string Hash);

    /// <summary>How an id was first applied: the payload hash it is pinned to and what its legs were booked as.</summary>
    sealed record Booked(string Hash, long Charged, string Period, bool Adjustment, DateTimeOffset AppliedAt);

    /// <summary>
    /// A message holds one event or a <see cref="UsageBatch"/>. A batch's events are submitted together, so each
    /// tenant's share joins one group commit; the message completes only when every event is booked or refused.
    /// </summary>
    public async Task HandleAsync(string message, CancellationToken ct)
    {
        using var document = JsonDocument.Parse(message);
        if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("events", out _))
        {
            var batch = document.Deserialize<UsageBatch>(Json.Lenient) ?? throw new InvalidDataException("The message holds no usage batch.");
            await Task.WhenAll(batch.Events.Select(e => ApplyAsync(e, ct)));
            return;
        }
        var usage = document.Deserialize<UsageEvent>(Json.Lenient) ?? throw new InvalidDataException("The message holds no usage event.");
        await ApplyAsync(usage, ct);
    }

    /// <summary>Applies one event; it completes once the batch it joined is durable (ledger, projections).</summary>
    public async Task<UsageOutcome> ApplyAsync(UsageEvent usage, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var hash = usage.PayloadHash();
        if (usage.OccurredAt > now + options.Value.FutureSkew) return await RejectAsync(usage, hash, "occurred in the future", ct);
        if (usage.OccurredAt < now - options.Value.LateUsageWindow) return await RejectAsync(usage, hash, "older than the late-usage window", ct);
        if (usage.Price < 0) return await RejectAsync(usage, hash, "negative price", ct);
        // Above the largest price is an out-of-bounds pricing (or a forged event): never charged, only reported.
        if (usage.Price > Pricing.MaxPrice) return await RejectAsync(usage, hash, "price above the largest price", ct);
        return await commits.SubmitAsync(usage.TenantId, new Submitted(usage, hash), ct);
    }

    /// <summary>
    /// One tenant's batch: ledger transactions, then rejections and projections (after the wallet is free again; for
    /// a duplicate they are redone in case the first run died before them, and both are idempotent).
    /// </summary>
    async Task<IReadOnlyList<UsageOutcome>> CommitAsync(string tenantId, IReadOnlyList<Submitted> batch)
    {
        // The batch is committed on behalf of several callers, so no one caller's token may stop it halfway; a
        // caller that stops waiting just leaves its message to be redelivered and found booked.
        var ct = CancellationToken.None;
        var booked = await BookAsync(tenantId, batch, ct);
        var outcomes = new UsageOutcome[batch.Count];
        var projected = new Dictionary<string, (UsageEvent Usage, List<LedgerEntry> Legs)>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            var (usage, hash) = (batch[i].Usage, batch[i].Hash);
            var (applied, booking) = booked[usage.Id];
            if (booking.Hash != hash)
            {
                outcomes[i] = await RejectAsync(usage, hash, "the id was already applied with a different payload", ct);
                continue;
            }
            // The first of the batch to carry the id applied it, unless it was applied before the batch.
            outcomes[i] = applied && projected.TryAdd(usage.Id, default) ? UsageOutcome.Applied : UsageOutcome.Duplicate;
            projected[usage.Id] = (usage, Legs(usage, booking.Charged, booking.Period, booking.Adjustment, booking.AppliedAt));
        }
        await store.RecordEarningsAsync(projected.Values.SelectMany(p => p.Legs).Where(l => l.Leg == LedgerLeg.PublisherCredit).ToList(), ct);
        foreach (var chunk in projected.Values.Chunk(MaxAnalyticsEvents)) await ForwardAsync(chunk, ct);
        return outcomes;
    }

    /// <summary>
    /// Books the batch's ids that are not booked yet, in as few transactions as fit, each holding the wallet as it
    /// stands after its events. Returns, per id, whether this batch booked it and how it is booked.
    /// </summary>
    async Task<Dictionary<string, (bool Applied, Booked Booking)>> BookAsync(string tenantId, IReadOnlyList<Submitted> batch, CancellationToken ct)
    {
        var result = new Dictionary<string, (bool, Booked)>(StringComparer.Ordinal);
        var todo = new List<Submitted>();
        foreach (var item in batch.DistinctBy(s => s.Usage.Id, StringComparer.Ordinal))
        {
            if (recent.TryGet(tenantId, item.Usage.Id, out var known)) result[item.Usage.Id] = (false, known);
            else todo.Add(item);
        }
        if (todo.Count == 0) return result;
        var allowance = await credits.AllowanceAsync(tenantId, ct);
        using var _ = await locks.AcquireAsync(tenantId, ct);
        var current = await store.GetWalletAsync(tenantId, ct);
        while (todo.Count > 0)
        {
            var now = clock.GetUtcNow();
            var wallet = current.Wallet;
            var actions = new List<TableTransactionAction> { BillingStore.SaveWallet(current, wallet) };
            var chunk = new List<(Submitted Item, int MarkerAction, Booked Booking, long Uncollected)>();
            var paidAgents = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in todo)
            {
                var usage = item.Usage;
                var reservationId = usage.ReservationId ?? usage.Id;
                var (next, held, charged, uncollected) = usage.Price == 0
                    ? (wallet.Release(reservationId, now), wallet.Reservations.FirstOrDefault(r => r.Id == reservationId)?.Amount ?? 0, 0L, 0L)
                    : wallet.Settle(reservationId, usage.Price, now, allowance);
                var (period, adjustment) = Period(usage.OccurredAt, wallet.ClosedThrough);
                List<TableTransactionAction> own = [BillingStore.AddMarker(usage, item.Hash, held, charged, period, adjustment, now)];
                own.AddRange(Legs(usage, charged, period, adjustment, now).Select(l => BillingStore.AddEntry(tenantId, l)));
                var paid = charged > 0 && usage.AgentId.Length > 0 && !paidAgents.Contains(usage.AgentId);
                if (paid) own.Add(BillingStore.MarkPaidUse(tenantId, usage.AgentId));
                if (actions.Count + own.Count > MaxOperations) break;
                if (paid) paidAgents.Add(usage.AgentId);
                chunk.Add((item, actions.Count, new Booked(item.Hash, charged, period, adjustment, now), uncollected));
                actions.AddRange(own);
                wallet = next;
            }
            actions[0] = BillingStore.SaveWallet(current, wallet);
            var commit = await store.TryCommitAsync(actions, ct);
            if (commit.Failure is null)
            {
                foreach (var (item, _, booking, uncollected) in chunk)
                {
                    result[item.Usage.Id] = (true, booking);
                    recent.Add(tenantId, item.Usage.Id, booking);
                    if (uncollected > 0) logger.LogWarning("Usage {UsageId} of tenant {TenantId}: {Uncollected} micro-credits not covered", item.Usage.Id, tenantId, uncollected);
                }
                todo.RemoveRange(0, chunk.Count);
                current = commit.WalletETag is { } etag ? new BillingStore.StoredWallet(wallet, etag) : await store.GetWalletAsync(tenantId, ct);
                continue;
            }
            // Nothing of the transaction was written. A 409 on a marker means that id was applied before (a
            // redelivery, a duplicate, another instance): take it out as booked then. Otherwise the wallet changed
            // under us (a reservation, another instance): decide again on the new state.
            if (commit.Failure.Value.Status == 409)
            {
                var named = chunk.Where(c => c.MarkerAction == commit.Failure.Value.Index).Select(c => c.Item).ToList();
                var found = await FindBookedAsync(tenantId, named, result, ct);
                if (found == 0) await FindBookedAsync(tenantId, chunk.Select(c => c.Item).ToList(), result, ct);
                todo.RemoveAll(s => result.ContainsKey(s.Usage.Id));
            }
            current = await store.GetWalletAsync(tenantId, ct);
        }
        return result;
    }

    /// <summary>Reads the markers of <paramref name="items"/>; those found are recorded as booked before. Returns how many.</summary>
    async Task<int> FindBookedAsync(string tenantId, IReadOnlyList<Submitted> items, Dictionary<string, (bool, Booked)> result, CancellationToken ct)
    {
        var markers = await Task.WhenAll(items.Select(s => store.AppliedAsync(tenantId, s.Usage.Id, ct)));
        var found = 0;
        for (var i = 0; i < items.Count; i++)
        {
            if (markers[i] is not { } a) continue;
            var booking = new Booked(a.Hash, a.Charged, a.Period, a.Adjustment, a.AppliedAt);
            result[items[i].Usage.Id] = (false, booking);
            recent.Add(tenantId, items[i].Usage.Id, booking);
            found++;
        }
        return found;
    }

    /// <summary>
    /// Hands the applied events to the analytics worker, several to a message. Also done again for a duplicate, in
    /// case the first run died between the ledger and this send: the analytics worker counts an event once however
    /// often it arrives.
    /// </summary>
    Task ForwardAsync(IEnumerable<(UsageEvent Usage, List<LedgerEntry> Legs)> applied, CancellationToken ct) =>
        queues.Get(QueueNames.AnalyticsEvents).SendMessageAsync(JsonSerializer.Serialize(new Analytics.AnalyticsBatch(applied.Select(a => new Analytics.AnalyticsEvent(
            a.Usage.Id, a.Usage.TenantId, a.Usage.Kind, a.Usage.AgentId, a.Usage.PublisherTenantId, a.Usage.Outcome is not ("Completed" or "Ok"),
            a.Legs.Where(l => l.Leg == LedgerLeg.TenantDebit).Sum(l => l.Amount), a.Legs.Where(l => l.Leg == LedgerLeg.PublisherCredit).Sum(l => l.Amount), a.Usage.OccurredAt)
        {
            Tool = a.Usage.Tool,
            LatencyMs = a.Usage.LatencyMs,
        }).ToList()), Json.Lenient), ct);

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
