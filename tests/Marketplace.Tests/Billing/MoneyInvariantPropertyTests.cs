using Marketplace.Billing;
using Marketplace.Errors;
using Marketplace.Http;
using Marketplace.Queues;
using Marketplace.Storage;
using Marketplace.Tenancy;
using Marketplace.Tests.Contract;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace Marketplace.Tests.Billing;

/// <summary>
/// The money invariants over random histories (fixed seeds, so a failure reproduces): publishing with prices (hostile
/// ones near and beyond the bounds among them), grants, reservations, charges, failures, releases, holds and grants
/// expiring, duplicated, redelivered and forged usage events — through the real wallet, credit service, billing
/// worker and ledger on Azurite. After every step no credit is created or lost and a hard plan is not below zero;
/// at the end the ledger balances, every charge is at most its price, a charge against a live hold is exactly its
/// price and within the hold, and reconciliation reports exactly the charges whose hold had lapsed.
/// </summary>
[Collection("azurite-contract")]
public sealed class MoneyInvariantPropertyTests(AzuriteFixture azurite, Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    const int Batches = 8, SeedsPerBatch = 25, Steps = 24;
    const long SoftLimit = 2_000;
    static readonly TimeSpan Hold = TimeSpan.FromHours(1);

    Tables tables = null!;
    StorageQueues queues = null!;
    readonly BillingOptions options = new()
    {
        ReservationTimeout = Hold,
        Plans = new(StringComparer.OrdinalIgnoreCase)
        {
            ["free"] = new(),
            ["soft"] = new() { Overdraft = OverdraftPolicy.Soft, OverdraftLimit = SoftLimit },
        },
    };

    public async Task InitializeAsync()
    {
        (tables, _, var storage) = await ContractStores.StorageAsync(azurite);
        queues = new StorageQueues(new Azure.Storage.Queues.QueueServiceClient(azurite.ConnectionString,
            new Azure.Storage.Queues.QueueClientOptions { MessageEncoding = Azure.Storage.Queues.QueueMessageEncoding.Base64 }), storage);
        await queues.CreateAllAsync(default);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>How often the histories reached the interesting cases, so a generator that stops reaching them shows.</summary>
    int appliedEvents, lapsedCharges, refusedHostileCalls, refusedHostilePrices;

    public static TheoryData<int> BatchNumbers()
    {
        var data = new TheoryData<int>();
        for (var batch = 0; batch < Batches; batch++) data.Add(batch);
        return data;
    }

    /// <summary>Each batch runs its seeds side by side (one tenant each), so a few hundred histories take seconds.</summary>
    [Theory]
    [MemberData(nameof(BatchNumbers))]
    public async Task Money_is_conserved_never_negative_on_a_hard_plan_and_never_charged_beyond_price_or_hold(int batch)
    {
        await Task.WhenAll(Enumerable.Range(batch * SeedsPerBatch + 1, SeedsPerBatch).Select(async seed =>
        {
            try
            {
                await RunAsync(seed);
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"seed {seed}: {ex}");
            }
        }));
        output.WriteLine($"{SeedsPerBatch} histories: {appliedEvents} events applied, {lapsedCharges} charged after their hold lapsed, " +
            $"{refusedHostilePrices} hostile prices refused at publish, {refusedHostileCalls} calls to out-of-bounds prices refused");
    }

    sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>A call that holds credit, as the gateway and the MCP hub make them.</summary>
    sealed record OpenCall(string ReservationId, Pricing Pricing);

    /// <summary>What the history did with an applied event, to check its marker against.</summary>
    sealed record Expected(UsageEvent Usage, bool HoldLiveAtSettle, long HeldAtSettle);

    static Pricing OrdinaryPricing(Random random) => random.Next(3) switch
    {
        0 => new Pricing(random.Next(1, 400)),
        1 => new Pricing(random.Next(0, 200), random.Next(1, 6), "tokens", random.Next(1, 80)),
        _ => new Pricing(), // free
    };

    static long HostileField(Random random) => random.Next(9) switch
    {
        0 => -1,
        1 => long.MinValue,
        2 => long.MaxValue,
        3 => Pricing.MaxPrice,
        4 => Pricing.MaxPrice + 1,
        5 => 1_000_000_000_000,
        6 => 9_300_000,
        7 => Pricing.MaxUnitsLimit + 1,
        _ => random.NextInt64(long.MinValue, long.MaxValue),
    };

    static Pricing HostilePricing(Random random) => random.Next(4) == 0
        ? new Pricing(1000, 1_000_000_000_000, "tokens", 9_300_000) // the price that once ran free
        : new Pricing(HostileField(random), HostileField(random), "tokens", HostileField(random));

    async Task RunAsync(int seed)
    {
        var random = new Random(seed);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var store = new BillingStore(tables);
        var locks = new StripedLocks();
        var tenantStore = new TableTenantStore(tables);
        var soft = random.Next(2) == 0;
        var tenant = $"p{seed}-{Guid.NewGuid():N}"[..24];
        await tenantStore.CreateAsync(new Tenant(tenant, tenant, soft ? "soft" : "free", clock.Now), default);
        var credits = new Credits(store, locks, new TenantPlans(tenantStore, Options.Create(options)), Options.Create(options), clock);
        var applier = new UsageApplier(store, credits, locks, queues, Options.Create(options), clock, NullLogger<UsageApplier>.Instance);

        var listed = new List<Pricing> { new(100) };
        // Prices stored before the bounds were enforced: refused at publish now, but a call to one must not run free.
        var legacy = new List<Pricing>();
        var open = new List<OpenCall>();
        var applied = new Dictionary<string, Expected>(StringComparer.Ordinal);
        long granted = 0, charged = 0;
        var next = 0;
        await GrantAsync(random.Next(200, 4_000), null);

        for (var step = 0; step < Steps; step++)
        {
            switch (random.Next(12))
            {
                case 0: // publish with a price: ordinary, or hostile (refused unless within every bound)
                {
                    var pricing = random.Next(2) == 0 ? OrdinaryPricing(random) : HostilePricing(random);
                    var errors = new List<FieldError>();
                    Pricing.Validate(pricing, "$.pricing", errors);
                    Assert.Equal(errors.Count == 0, pricing.IsWithinBounds);
                    if (errors.Count == 0) listed.Add(pricing);
                    else
                    {
                        legacy.Add(pricing);
                        Interlocked.Increment(ref refusedHostilePrices);
                    }
                    break;
                }
                case 1: // grant, sometimes expiring within the history
                {
                    await GrantAsync(random.Next(1, 3_000), random.Next(3) == 0 ? clock.Now.AddMinutes(random.Next(5, 180)) : null);
                    break;
                }
                case 2 or 3 or 4: // a priced call starts: its estimate is held, or it is refused before any work
                {
                    var callLegacy = legacy.Count > 0 && random.Next(5) == 0;
                    var pricing = callLegacy ? legacy[random.Next(legacy.Count)] : listed[random.Next(listed.Count)];
                    if (pricing.IsFree) break; // a free call holds nothing, as the gateway and the hub do
                    var reservation = $"res-{next++}";
                    var before = (await store.GetWalletAsync(tenant, default)).Wallet;
                    try
                    {
                        await credits.ReserveAsync(tenant, reservation, pricing.Estimate, default);
                        Assert.False(callLegacy, "a call to an out-of-bounds price started");
                        Assert.InRange(pricing.Estimate, 1, Pricing.MaxPrice);
                        open.Add(new OpenCall(reservation, pricing));
                    }
                    catch (DomainException refusal) when (refusal.Error.Kind == DomainErrorKind.PaymentRequired)
                    {
                        if (callLegacy) Interlocked.Increment(ref refusedHostileCalls);
                        var after = (await store.GetWalletAsync(tenant, default)).Wallet;
                        Assert.DoesNotContain(after.Reservations, r => r.Id == reservation);
                        Assert.Equal(before.QuotaCalls, after.QuotaCalls);
                    }
                    break;
                }
                case 5 or 6 or 7 when open.Count > 0: // the call completes and reports units, some absurd
                {
                    var call = Take(open, random);
                    var units = random.Next(5) switch
                    {
                        0 => -random.Next(1, 100),
                        1 => long.MaxValue,
                        2 => call.Pricing.MaxUnits + random.Next(1, 1000),
                        _ => random.Next(0, (int)Math.Max(1, call.Pricing.MaxUnits) + 1),
                    };
                    await ApplyNewAsync(new Expected(Usage(tenant, $"u-{next++}", call.Pricing.Price(units), call.ReservationId, clock.Now), false, 0));
                    break;
                }
                case 8 when open.Count > 0: // the call fails (a zero-price event releases the hold) or never started
                {
                    var call = Take(open, random);
                    if (random.Next(2) == 0) await ApplyNewAsync(new Expected(Usage(tenant, $"u-{next++}", 0, call.ReservationId, clock.Now), false, 0));
                    else await credits.ReleaseAsync(tenant, call.ReservationId, default);
                    break;
                }
                case 9 when applied.Count > 0: // a duplicate or redelivery changes nothing; the same id with another payload is refused
                {
                    var earlier = applied.Values.ElementAt(random.Next(applied.Count)).Usage;
                    var before = await store.GetWalletAsync(tenant, default);
                    Assert.Equal(UsageOutcome.Duplicate, await applier.ApplyAsync(earlier, default));
                    Assert.Equal(UsageOutcome.Rejected, await applier.ApplyAsync(earlier with { Price = earlier.Price + 1 }, default));
                    Assert.Equal(before.ETag, (await store.GetWalletAsync(tenant, default)).ETag);
                    break;
                }
                case 10: // time passes: holds lapse and grants expire
                    clock.Now += random.Next(2) == 0 ? Hold + TimeSpan.FromMinutes(1) : TimeSpan.FromMinutes(random.Next(1, 30));
                    break;
                default: // a forged event with an impossible price is refused and charges nothing
                {
                    var price = random.Next(3) switch { 0 => -1, 1 => Pricing.MaxPrice + 1, _ => Pricing.Unaffordable };
                    var before = await store.GetWalletAsync(tenant, default);
                    Assert.Equal(UsageOutcome.Rejected, await applier.ApplyAsync(Usage(tenant, $"forged-{next++}", price, open.FirstOrDefault()?.ReservationId, clock.Now), default));
                    Assert.Equal(before.ETag, (await store.GetWalletAsync(tenant, default)).ETag);
                    break;
                }
            }
            await CheckWalletAsync();
        }

        // The ledger balances per event and in total, and every marker agrees with the history.
        var markers = await store.AppliedUsageAsync(tenant, default);
        var entries = await store.EntriesAsync(tenant, null, default);
        Assert.Equal(applied.Keys.Order(StringComparer.Ordinal), markers.Keys.Order(StringComparer.Ordinal));
        var lapsed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, expected) in applied)
        {
            var marker = markers[id];
            Assert.Equal(expected.Usage.Price, marker.Price);
            Assert.Equal(expected.HeldAtSettle, marker.Held);
            Assert.InRange(marker.Charged, 0, expected.Usage.Price);
            if (expected.HoldLiveAtSettle)
            {
                // A live hold is the call's estimate and the price never exceeds it: charged in full, within the hold.
                Assert.Equal(expected.Usage.Price, marker.Charged);
                Assert.True(marker.Charged <= marker.Held, $"{id} charged {marker.Charged} beyond its hold of {marker.Held}");
            }
            else if (marker.Charged > 0 || expected.Usage.Price > 0) lapsed.Add(id);
        }
        Interlocked.Add(ref appliedEvents, applied.Count);
        Interlocked.Add(ref lapsedCharges, lapsed.Count);
        var reconciliation = Reconciler.Reconcile(tenant, markers, entries);
        Assert.Equal(reconciliation.Debits, reconciliation.Credits);
        Assert.Equal(charged, reconciliation.Debits);
        Assert.DoesNotContain(reconciliation.Discrepancies, d => d.Kind is DiscrepancyKind.AbovePrice or DiscrepancyKind.LedgerMismatch);
        // Only a charge whose hold had lapsed is collected unprotected, and reconciliation says so.
        Assert.Equal(lapsed.Order(StringComparer.Ordinal), reconciliation.Discrepancies.Select(d => d.UsageId).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(reconciliation.DiscrepancyCount == 0, reconciliation.Balanced);
        foreach (var entry in entries.GroupBy(e => e.UsageId))
            Assert.Equal(2 * entry.Where(e => e.Leg == LedgerLeg.TenantDebit).Sum(e => e.Amount), entry.Sum(e => e.Amount));

        async Task GrantAsync(long amount, DateTimeOffset? expires)
        {
            await credits.GrantAsync(tenant, new GrantCreditRequest(amount, Priority: random.Next(3), ExpiresAt: expires, Id: $"g{next++}"), default);
            granted += amount;
        }

        async Task ApplyNewAsync(Expected expected)
        {
            var wallet = (await store.GetWalletAsync(tenant, default)).Wallet;
            var hold = wallet.Reservations.FirstOrDefault(r => r.Id == expected.Usage.ReservationId);
            Assert.Equal(UsageOutcome.Applied, await applier.ApplyAsync(expected.Usage, default));
            charged += (await store.AppliedAsync(tenant, expected.Usage.Id, default))!.Value.Charged;
            applied[expected.Usage.Id] = expected with { HoldLiveAtSettle = hold is not null, HeldAtSettle = hold?.Amount ?? 0 };
        }

        async Task CheckWalletAsync()
        {
            var wallet = (await store.GetWalletAsync(tenant, default)).Wallet;
            // Every micro-credit granted is in a grant (spendable or expired), held, or charged, less what is owed.
            Assert.Equal(granted, wallet.Grants.Sum(g => g.Remaining) + wallet.Reserved + charged - wallet.Overdraft);
            Assert.All(wallet.Grants, g => Assert.InRange(g.Remaining, 0, g.Amount));
            Assert.All(wallet.Reservations, r => Assert.InRange(r.Amount, 1, Pricing.MaxPrice));
            if (soft) Assert.InRange(wallet.Overdraft, 0, SoftLimit);
            else
            {
                Assert.Equal(0, wallet.Overdraft);
                Assert.True(wallet.Balance(clock.Now) >= 0);
            }
        }
    }

    static OpenCall Take(List<OpenCall> open, Random random)
    {
        var call = open[random.Next(open.Count)];
        open.Remove(call);
        return call;
    }

    static UsageEvent Usage(string tenant, string id, long price, string? reservation, DateTimeOffset at) =>
        new(id, UsageKinds.A2ATask, tenant, "agt-p", "publisher-p", id, price > 0 ? "Completed" : "Failed", at) { Price = price, ReservationId = reservation };
}
