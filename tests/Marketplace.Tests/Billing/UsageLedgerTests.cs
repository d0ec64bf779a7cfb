using Marketplace.Serialization;
using System.Text.Json;
using Marketplace.A2A.Gateway;
using Marketplace.A2A.Lifecycle;
using Marketplace.A2A.Protocol;
using Marketplace.Billing;
using Marketplace.Errors;
using Marketplace.Http;
using Marketplace.Registry;
using Marketplace.Queues;
using Marketplace.Storage;
using Marketplace.Tenancy;
using Marketplace.Tests.Contract;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace Marketplace.Tests.Billing;

/// <summary>The billing worker's rules, applied to real Table storage on Azurite.</summary>
[Collection("azurite-contract")]
public sealed class UsageLedgerTests(AzuriteFixture azurite) : IAsyncLifetime
{
    BillingStore store = null!;
    Credits credits = null!;
    UsageApplier applier = null!;
    StorageQueues queues = null!;
    readonly BillingOptions options = new() { PlatformFeePercent = 20 };

    public async Task InitializeAsync()
    {
        var (tables, _, storage) = await ContractStores.StorageAsync(azurite);
        store = new BillingStore(tables);
        queues = new StorageQueues(new Azure.Storage.Queues.QueueServiceClient(azurite.ConnectionString,
            new Azure.Storage.Queues.QueueClientOptions { MessageEncoding = Azure.Storage.Queues.QueueMessageEncoding.Base64 }), storage);
        await queues.CreateAllAsync(default);
        var locks = new StripedLocks();
        credits = new Credits(store, locks, new TenantPlans(new TableTenantStore(tables), Options.Create(options)), Options.Create(options), TimeProvider.System);
        applier = new UsageApplier(store, credits, locks, queues, Options.Create(options), TimeProvider.System, NullLogger<UsageApplier>.Instance);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_gateway_hold_lasts_until_the_task_deadline_and_the_billing_window_after_it()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..8];
        await credits.GrantAsync(tenant, new GrantCreditRequest(10_000), default);
        var lifecycle = new LifecycleOptions { TaskDeadline = TimeSpan.FromHours(24) };
        var billing = new GatewayBilling(credits, new UsageRecorder(queues), Options.Create(lifecycle), Options.Create(options), TimeProvider.System);
        var card = JsonSerializer.Deserialize<AgentCard>(Cards.Valid().ToJsonString(), Json.Lenient)!;
        var listing = new AgentListing("agt-hold", "publisher", Visibility.Public, ListingStatus.Active, 1, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, card)
        {
            Pricing = new Pricing(PerCall: 500),
        };
        var before = DateTimeOffset.UtcNow;
        var id = await billing.ReserveAsync(new Caller(false, tenant, "k1", Role.Developer), listing, new Message("m-hold", MessageRole.User, []), default);

        // A task may run for its whole deadline before its usage reaches the billing worker: the hold must not lapse first.
        var hold = Assert.Single((await store.GetWalletAsync(tenant, default)).Wallet.Reservations, r => r.Id == id);
        Assert.Equal(500, hold.Amount);
        Assert.True(hold.ExpiresAt >= before + lifecycle.TaskDeadline + options.ReservationTimeout,
            $"The hold expires at {hold.ExpiresAt:O}, before the task deadline plus the billing window.");
    }

    static UsageEvent Usage(string tenant, string id, long price, DateTimeOffset? at = null, string? reservation = null) =>
        new(id, UsageKinds.A2ATask, tenant, "agt-1", "publisher", id, "Completed", at ?? DateTimeOffset.UtcNow) { Price = price, ReservationId = reservation };

    [Fact]
    public async Task An_event_is_applied_once_as_balanced_legs_and_a_conflicting_replay_is_refused()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..8];
        await credits.GrantAsync(tenant, new GrantCreditRequest(10_000), default);
        var usage = Usage(tenant, "task-1", 1_000);
        Assert.Equal(UsageOutcome.Applied, await applier.ApplyAsync(usage, default));
        Assert.Equal(UsageOutcome.Duplicate, await applier.ApplyAsync(usage, default));
        Assert.Equal(UsageOutcome.Rejected, await applier.ApplyAsync(usage with { Price = 1 }, default));

        var entries = (await store.LedgerAsync(tenant, null, 100, null, default)).Entries;
        Assert.Equal([(LedgerLeg.TenantDebit, 1_000L), (LedgerLeg.PublisherCredit, 800L), (LedgerLeg.PlatformFee, 200L)],
            entries.OrderBy(e => e.Leg).Select(e => (e.Leg, e.Amount)));
        Assert.Equal(9_000, (await store.GetWalletAsync(tenant, default)).Wallet.Balance(DateTimeOffset.UtcNow));
        Assert.Equal("the id was already applied with a different payload", Assert.Single(await store.RejectionsAsync(tenant, default)).Reason);
    }

    [Fact]
    public async Task Usage_too_old_or_from_the_future_is_refused_and_late_usage_after_a_closed_month_is_an_adjustment()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..8];
        await credits.GrantAsync(tenant, new GrantCreditRequest(10_000), default);
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(UsageOutcome.Rejected, await applier.ApplyAsync(Usage(tenant, "old", 10, now.AddDays(-36)), default));
        Assert.Equal(UsageOutcome.Rejected, await applier.ApplyAsync(Usage(tenant, "future", 10, now.AddMinutes(6)), default));
        Assert.Equal(UsageOutcome.Applied, await applier.ApplyAsync(Usage(tenant, "skewed", 10, now.AddMinutes(4)), default));

        var lastMonth = now.AddMonths(-1);
        await credits.UpdateAsync(tenant, w => w with { ClosedThrough = lastMonth.ToString("yyyy-MM") }, default);
        Assert.Equal(UsageOutcome.Applied, await applier.ApplyAsync(Usage(tenant, "late", 10, lastMonth), default));
        var late = (await store.LedgerAsync(tenant, null, 100, null, default)).Entries.Where(e => e.UsageId == "late").ToList();
        Assert.All(late, e => Assert.True(e.Adjustment && e.Period == now.ToString("yyyy-MM")));
        Assert.Empty((await store.LedgerAsync(tenant, lastMonth.ToString("yyyy-MM"), 100, null, default)).Entries);
        Assert.Equal(2, (await store.RejectionsAsync(tenant, default)).Count);
    }

    [Fact]
    public async Task Settling_a_reservation_charges_the_price_and_returns_the_rest_and_a_failed_call_costs_nothing()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..8];
        await credits.GrantAsync(tenant, new GrantCreditRequest(1_000), default);
        await credits.ReserveAsync(tenant, "r1", 600, default);
        var refusal = await Assert.ThrowsAsync<DomainException>(() => credits.ReserveAsync(tenant, "r2", 500, default));
        Assert.Equal(new CreditShortfall(500, 400), refusal.Error.Shortfall);
        await credits.ReserveAsync(tenant, "r3", 400, default);
        Assert.Equal(0, (await store.GetWalletAsync(tenant, default)).Wallet.Balance(DateTimeOffset.UtcNow));

        await applier.ApplyAsync(Usage(tenant, "u1", 250, reservation: "r1"), default);
        await applier.ApplyAsync(Usage(tenant, "u3", 0, reservation: "r3"), default);
        var wallet = (await store.GetWalletAsync(tenant, default)).Wallet;
        Assert.Equal((750L, 0L), (wallet.Balance(DateTimeOffset.UtcNow), wallet.Reserved));
        var applied = await store.AppliedUsageAsync(tenant, default);
        Assert.Equal([("u1", 250L), ("u3", 0L)], applied.OrderBy(a => a.Key).Select(a => (a.Key, a.Value.Charged)));
    }

    [Fact]
    public async Task Concurrent_events_of_one_tenant_commit_together_and_settle_exactly_with_duplicates_and_conflicts_in_the_batch()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..8];
        const long grant = 10_000_000;
        await credits.GrantAsync(tenant, new GrantCreditRequest(grant), default);
        for (var n = 0; n < 50; n++) await credits.ReserveAsync(tenant, $"h{n}", 100, default);
        var random = new Random(16);
        // 300 distinct events (the first 50 settle a hold each), 60 exact repeats and 10 conflicting replays, shuffled.
        var events = Enumerable.Range(0, 300).Select(n => Usage(tenant, $"e{n}", random.Next(1, 101), reservation: n < 50 ? $"h{n}" : null)).ToList();
        var all = events.Concat(Enumerable.Range(0, 60).Select(n => events[n * 5]))
            .Concat(Enumerable.Range(0, 10).Select(n => events[n * 5 + 2] with { Price = 1 })).OrderBy(_ => random.Next()).ToList();

        var outcomes = await Task.WhenAll(all.Select(e => applier.ApplyAsync(e, default)));

        Assert.Equal((300, 60, 10), (outcomes.Count(o => o == UsageOutcome.Applied), outcomes.Count(o => o == UsageOutcome.Duplicate), outcomes.Count(o => o == UsageOutcome.Rejected)));
        var applied = await store.AppliedUsageAsync(tenant, default);
        Assert.Equal(300, applied.Count);
        var reconciliation = await ReconcileAsync(tenant);
        Assert.True(reconciliation.Balanced, string.Join(", ", reconciliation.Discrepancies.Select(d => $"{d.UsageId}: {d.Kind}")));
        // Whichever of an id's payloads came first is the one charged, exactly once.
        Assert.Equal(applied.Values.Sum(a => a.Price), reconciliation.Debits);
        var wallet = (await store.GetWalletAsync(tenant, default)).Wallet;
        Assert.Equal((grant - reconciliation.Debits, 0L), (wallet.Balance(DateTimeOffset.UtcNow), wallet.Reserved));
        Assert.Equal(10, (await store.RejectionsAsync(tenant, default)).Count);
        // Legs booked in one transaction carry its time: far fewer distinct times than events means they were batched.
        var commits = (await store.EntriesAsync(tenant, null, default)).Where(e => e.Leg == LedgerLeg.TenantDebit).Select(e => e.AppliedAt).Distinct().Count();
        Assert.True(commits <= 300 / 4, $"{commits} commits for 300 events");

        // Another instance (nothing remembered) gets every message again: each batch meets the stored markers.
        var other = new UsageApplier(store, credits, new StripedLocks(), queues, Options.Create(options), TimeProvider.System, NullLogger<UsageApplier>.Instance);
        var again = await Task.WhenAll(all.Select(e => other.ApplyAsync(e, default)));
        Assert.Equal((0, 360, 10), (again.Count(o => o == UsageOutcome.Applied), again.Count(o => o == UsageOutcome.Duplicate), again.Count(o => o == UsageOutcome.Rejected)));
        var after = (await store.GetWalletAsync(tenant, default)).Wallet;
        Assert.Equal((grant - reconciliation.Debits, 0L), (after.Balance(DateTimeOffset.UtcNow), after.Reserved));
        Assert.Equal(reconciliation.Debits, (await ReconcileAsync(tenant)).Debits);
    }

    [Fact]
    public async Task Usage_recorded_by_concurrent_calls_shares_queue_messages_and_each_event_is_booked_once_however_often_its_message_comes()
    {
        var tenants = new[] { "t" + Guid.NewGuid().ToString("N")[..8], "t" + Guid.NewGuid().ToString("N")[..8] };
        const long grant = 1_000_000;
        foreach (var tenant in tenants) await credits.GrantAsync(tenant, new GrantCreditRequest(grant), default);
        var events = Enumerable.Range(0, 200).Select(n => Usage(tenants[n % 2], $"b{n}", 10 + n)).ToList();
        var recorder = new UsageRecorder(queues);
        // Every event recorded by its own caller, all at once, twenty of them twice (a resent call).
        await Task.WhenAll(events.Concat(events.Take(20)).Select(e => recorder.RecordAsync(e, default)));

        var queue = queues.Get(QueueNames.UsageEvents);
        var messages = new List<string>();
        while ((await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1))).Value is { Length: > 0 } received)
            foreach (var m in received)
            {
                messages.Add(m.Body.ToString());
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
            }
        Assert.InRange(messages.Count, 1, 220 / 4);
        Assert.Contains(messages, m => m.Contains("\"events\""));

        // Each message handled twice (a redelivery), concurrently, as the queue trigger runs a batch.
        await Task.WhenAll(messages.Concat(messages).Select(m => applier.HandleAsync(m, default)));
        foreach (var tenant in tenants)
        {
            var mine = events.Where(e => e.TenantId == tenant).ToList();
            var reconciliation = await ReconcileAsync(tenant);
            Assert.True(reconciliation.Balanced, string.Join(", ", reconciliation.Discrepancies.Select(d => $"{d.UsageId}: {d.Kind}")));
            Assert.Equal(mine.Count, (await store.AppliedUsageAsync(tenant, default)).Count);
            Assert.Equal(mine.Sum(e => e.Price), reconciliation.Debits);
            Assert.Equal(grant - mine.Sum(e => e.Price), (await store.GetWalletAsync(tenant, default)).Wallet.Balance(DateTimeOffset.UtcNow));
        }
    }

    public static TheoryData<long> Unholdable() =>
        new() { 0, -1, long.MinValue, Pricing.MaxPrice + 1, long.MaxValue - 1, new Pricing(1000, 1_000_000_000_000, "tokens", 9_300_000).Estimate };

    [Theory]
    [MemberData(nameof(Unholdable))]
    public async Task A_priced_call_whose_hold_is_not_a_positive_bounded_amount_is_refused_and_holds_nothing(long amount)
    {
        // A tenant with no credit at all (the hard plan that once got such calls for free), and one with plenty.
        var broke = "t" + Guid.NewGuid().ToString("N")[..8];
        var funded = "t" + Guid.NewGuid().ToString("N")[..8];
        await credits.GrantAsync(funded, new GrantCreditRequest(10_000), default);
        foreach (var tenant in new[] { broke, funded })
        {
            Assert.Equal(DomainErrorKind.PaymentRequired, (await Assert.ThrowsAsync<DomainException>(() => credits.ReserveAsync(tenant, "r", amount, default))).Error.Kind);
            var wallet = (await store.GetWalletAsync(tenant, default)).Wallet;
            Assert.Empty(wallet.Reservations);
            Assert.Equal(0, wallet.QuotaCalls); // refused before it counted against the quota
        }
        Assert.Equal(10_000, (await store.GetWalletAsync(funded, default)).Wallet.Balance(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task Reconciliation_reports_a_call_charged_less_than_its_price_or_more_than_its_hold_and_refuses_prices_above_the_bound()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..8];
        // A priced call that held nothing (as when a wrapped estimate skipped the hold): the tenant has no credit.
        Assert.Equal(UsageOutcome.Applied, await applier.ApplyAsync(Usage(tenant, "free-ride", 1_000, reservation: "a2a:never-held"), default));
        var reconciliation = await ReconcileAsync(tenant);
        Assert.False(reconciliation.Balanced);
        Assert.Equal((1_000L, 0L, 1_000L), (reconciliation.Priced, reconciliation.Debits, reconciliation.Uncollected));
        Assert.Equal([("free-ride", DiscrepancyKind.Uncollected)], reconciliation.Discrepancies.Select(d => (d.UsageId, d.Kind)));

        // A hold that lapsed before its call reported: the charge came from the balance, beyond what was held.
        var other = "t" + Guid.NewGuid().ToString("N")[..8];
        await credits.GrantAsync(other, new GrantCreditRequest(2_000), default);
        await credits.ReserveAsync(other, "kept", 300, default);
        await credits.ReserveAsync(other, "lapsed", 600, default);
        await credits.ReleaseAsync(other, "lapsed", default);
        await applier.ApplyAsync(Usage(other, "settled", 250, reservation: "kept"), default);
        await applier.ApplyAsync(Usage(other, "late", 500, reservation: "lapsed"), default);
        await applier.ApplyAsync(Usage(other, "direct", 100), default); // names no hold: compared with its price only
        Assert.Equal(UsageOutcome.Rejected, await applier.ApplyAsync(Usage(other, "huge", Pricing.MaxPrice + 1, reservation: "kept"), default));
        Assert.Equal(UsageOutcome.Rejected, await applier.ApplyAsync(Usage(other, "negative", -1), default));
        reconciliation = await ReconcileAsync(other);
        Assert.False(reconciliation.Balanced);
        Assert.Equal([("late", DiscrepancyKind.AboveHold)], reconciliation.Discrepancies.Select(d => (d.UsageId, d.Kind)));
        Assert.Equal((850L, 850L, 300L, 0L), (reconciliation.Priced, reconciliation.Debits, reconciliation.Held, reconciliation.Uncollected));
        Assert.Equal(1_150, (await store.GetWalletAsync(other, default)).Wallet.Balance(DateTimeOffset.UtcNow));
    }

    async Task<Reconciliation> ReconcileAsync(string tenant) =>
        Reconciler.Reconcile(tenant, await store.AppliedUsageAsync(tenant, default), await store.EntriesAsync(tenant, null, default));
}
