using Marketplace.RateLimiting;
using Xunit;

namespace Marketplace.Tests.RateLimiting;

/// <summary>
/// The GCRA arithmetic, leases of several emissions, and one instance's lease of a cell (<see cref="CellLease"/>) on
/// a clock the test moves, against a cell held in memory: what a quiet cell and a hot one cost in cell writes, when a
/// lease lapses, how a refusal is remembered, and the bound two instances keep between them.
/// </summary>
public sealed class GcraLeaseTests
{
    static readonly RateLimitPolicy TenPerMinuteBurstThree = new("test", 10, TimeSpan.FromMinutes(1), 3);
    static readonly long Start = DateTimeOffset.UnixEpoch.AddDays(20_000).UtcTicks;

    [Fact]
    public void A_burst_passes_at_once_then_requests_are_spaced_by_the_interval()
    {
        var tat = Start;
        var allowed = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            var grant = Gcra.Grant(tat, Start, TenPerMinuteBurstThree, 1);
            tat = grant.Tat;
            if (grant.Decision.Allowed) allowed.Add(grant.Decision.Remaining);
            else Assert.Equal(TimeSpan.FromSeconds(6), grant.Decision.RetryAfter);
        }
        Assert.Equal([2, 1, 0], allowed);

        // One interval (6 s) later exactly one more fits; half an interval is not enough.
        Assert.Equal(0, Gcra.Grant(tat, Start + TimeSpan.FromSeconds(3).Ticks, TenPerMinuteBurstThree, 1).Granted);
        tat = Gcra.Grant(tat, Start + TimeSpan.FromSeconds(6).Ticks, TenPerMinuteBurstThree, 1).Tat;
        Assert.Equal(0, Gcra.Grant(tat, Start + TimeSpan.FromSeconds(6).Ticks, TenPerMinuteBurstThree, 1).Granted);
    }

    /// <summary>
    /// Granting n emissions at once is n single decisions in a row, taken only when at least half the lease fits; a
    /// refusal says when the whole lease fits.
    /// </summary>
    [Fact]
    public void A_lease_of_n_is_n_single_decisions_or_none_and_a_refusal_says_when_n_fit()
    {
        var random = new Random(7);
        for (var run = 0; run < 500; run++)
        {
            var policy = new RateLimitPolicy("p", random.Next(1, 10_000), TimeSpan.FromSeconds(random.Next(1, 120)), random.Next(1, 200));
            var now = Start + (long)(random.NextDouble() * policy.Period.Ticks);
            var storedTat = Start + (long)(random.NextDouble() * 2 * policy.Period.Ticks);
            var wanted = random.Next(1, policy.Burst + 1);
            var lease = Gcra.Grant(storedTat, now, policy, wanted);

            var (tat, singles, first) = (storedTat, 0, (RateLimitDecision?)null);
            while (singles < wanted && Gcra.Grant(tat, now, policy, 1) is { Granted: 1 } single)
            {
                (tat, singles, first) = (single.Tat, singles + 1, first ?? single.Decision);
            }
            // At least half of the lease, or nothing.
            if (singles < (wanted + 1) / 2) (tat, singles, first) = (storedTat, 0, null);
            Assert.Equal(singles, lease.Granted);
            Assert.Equal(tat, lease.Tat);
            if (first is not null)
            {
                // The same answer as the first single one, but reset counts the whole lease as taken.
                Assert.Equal(first with { Reset = TimeSpan.FromTicks(lease.Tat - now) }, lease.Decision);
                continue;
            }
            Assert.False(lease.Decision.Allowed);
            var retryAt = now + lease.Decision.RetryAfter.Ticks;
            Assert.Equal(wanted, Gcra.Grant(storedTat, retryAt, policy, wanted).Granted);
            Assert.True(Gcra.Grant(storedTat, retryAt - 1, policy, wanted).Granted < wanted);
        }
    }

    [Theory]
    [InlineData(120, 10, 32, 1)] // 2 a second: never leased
    [InlineData(1_200, 200, 32, 1)] // 20 a second: below LeaseFromPerSecond
    [InlineData(6_000, 100, 32, 25)] // 100 a second: a quarter of the burst, a quarter second
    [InlineData(12_000, 2_000, 32, 32)] // LeaseMax
    [InlineData(12_000, 2_000, 1, 1)] // LeaseMax 1: leases off
    [InlineData(12_000, 8, 32, 2)] // a small burst: a quarter of it
    [InlineData(12_000, 3, 32, 1)]
    public void A_lease_is_at_most_a_quarter_of_the_burst_a_quarter_second_of_the_rate_and_LeaseMax(int perMinute, int burst, int leaseMax, int cap)
    {
        var options = new RateLimitOptions { LeaseMax = leaseMax };
        Assert.Equal(cap, options.LeaseCap(new RateLimitPolicy("p", perMinute, TimeSpan.FromMinutes(1), burst)));
    }

    [Fact]
    public async Task A_quiet_cell_takes_one_emission_per_decision_as_without_leases()
    {
        var (clock, cell) = NewCell(6_000, 100);
        var lease = new CellLease(cell.Policy, 25, TimeSpan.FromSeconds(1), clock);
        for (var i = 0; i < 20; i++)
        {
            clock.Now += CellLease.DemandWindow * 2;
            Assert.True((await lease.DecideAsync(cell.TakeAsync, default)).Allowed);
        }
        Assert.Equal(20, cell.Takes);
        Assert.All(cell.Wanted, w => Assert.Equal(1, w));
    }

    [Fact]
    public async Task A_hot_cell_grows_its_leases_to_the_cap_and_answers_as_the_cell_would()
    {
        var (clock, cell) = NewCell(6_000, 100);
        var lease = new CellLease(cell.Policy, 25, TimeSpan.FromSeconds(1), clock);
        var remaining = new List<int>();
        for (var i = 0; i < 100; i++)
        {
            var decision = await lease.DecideAsync(cell.TakeAsync, default);
            Assert.True(decision.Allowed);
            remaining.Add(decision.Remaining);
        }
        // One instance alone: each request sees what the cell alone would have said of it.
        Assert.Equal(Enumerable.Range(0, 100).Reverse(), remaining);
        // Leases follow the calls seen (1, 2, 4, ...) up to the cap: 100 decisions in a handful of writes.
        Assert.Equal(25, cell.Wanted.Max());
        Assert.InRange(cell.Takes, 100 / 25, 100 / 25 + 6);
        var refused = await lease.DecideAsync(cell.TakeAsync, default);
        Assert.False(refused.Allowed);
        Assert.Equal(0, refused.Remaining);
    }

    [Fact]
    public async Task Unused_emissions_lapse_when_the_lease_expires()
    {
        var (clock, cell) = NewCell(6_000, 100);
        var lease = new CellLease(cell.Policy, 25, TimeSpan.FromSeconds(1), clock);
        for (var i = 0; i < 4; i++) await lease.DecideAsync(cell.TakeAsync, default);
        Assert.Equal([1, 2, 4], cell.Wanted); // the third lease holds three unused emissions
        clock.Now += TimeSpan.FromSeconds(1);
        await lease.DecideAsync(cell.TakeAsync, default);
        Assert.Equal(4, cell.Takes);
        // The lapsed three stay taken from the cell: 8 emissions consumed for 5 requests.
        Assert.Equal(1 + 2 + 4 + cell.Wanted[^1], cell.Granted);
    }

    [Fact]
    public async Task A_refusal_is_remembered_until_a_lease_fits_and_its_retry_after_counts_down()
    {
        var (clock, cell) = NewCell(6_000, 100); // an emission every 10 ms
        var lease = new CellLease(cell.Policy, 25, TimeSpan.FromSeconds(1), clock);
        while ((await lease.DecideAsync(cell.TakeAsync, default)).Allowed) { }
        var takes = cell.Takes;
        var refusedAt = clock.Now;
        // The refusing take asked for a full lease: it comes back when 25 emissions fit, 250 ms on.
        Assert.Equal(25, cell.Wanted[^1]);
        for (var ms = 0; ms < 250; ms += 50)
        {
            clock.Now = refusedAt + TimeSpan.FromMilliseconds(ms);
            var refused = await lease.DecideAsync(cell.TakeAsync, default);
            Assert.False(refused.Allowed);
            Assert.Equal(TimeSpan.FromMilliseconds(250 - ms), refused.RetryAfter);
        }
        Assert.Equal(takes, cell.Takes);
        clock.Now = refusedAt + TimeSpan.FromMilliseconds(250);
        Assert.True((await lease.DecideAsync(cell.TakeAsync, default)).Allowed);
        Assert.Equal(takes + 1, cell.Takes);
    }

    [Fact]
    public async Task A_slow_limit_answers_exactly_what_the_cell_alone_would()
    {
        var (clock, cell) = NewCell(10, 3);
        var lease = new CellLease(cell.Policy, new RateLimitOptions().LeaseCap(cell.Policy), TimeSpan.FromSeconds(1), clock);
        var random = new Random(3);
        var tat = clock.Now.UtcTicks;
        for (var i = 0; i < 200; i++)
        {
            clock.Now += TimeSpan.FromTicks((long)(random.NextDouble() * cell.Policy.Interval.Ticks / 2));
            var expected = Gcra.Grant(tat, clock.Now.UtcTicks, cell.Policy, 1);
            tat = expected.Tat;
            var decision = await lease.DecideAsync(cell.TakeAsync, default);
            Assert.Equal(expected.Decision.Allowed, decision.Allowed);
            Assert.Equal(expected.Decision.Remaining, decision.Remaining);
            Assert.Equal(expected.Decision.RetryAfter, decision.RetryAfter);
        }
        Assert.All(cell.Wanted, w => Assert.Equal(1, w));
    }

    /// <summary>
    /// Two instances on one cell, each with its own lease, random bursts and pauses: from the cell's first use the
    /// pair admits at most the burst plus the rate times the time since; in any later window at most that plus one
    /// lease per instance (what each held when the window opened); and the requests each decides locally are most.
    /// </summary>
    [Fact]
    public async Task Two_instances_on_one_cell_keep_the_bound_with_at_most_one_lease_each_of_overshoot()
    {
        for (var seed = 1; seed <= 6; seed++)
        {
            var random = new Random(seed);
            var perMinute = random.Next(3_000, 60_000);
            var (clock, cell) = NewCell(perMinute, random.Next(20, 400));
            var policy = cell.Policy;
            var cap = new RateLimitOptions().LeaseCap(policy);
            var instances = new[] { new CellLease(policy, cap, TimeSpan.FromSeconds(1), clock), new CellLease(policy, cap, TimeSpan.FromSeconds(1), clock) };
            var start = clock.Now;
            var admittedAt = new List<DateTimeOffset>();
            var decisions = 0;
            for (var step = 0; step < 400; step++)
            {
                clock.Now += TimeSpan.FromTicks((long)(policy.Interval.Ticks * random.NextDouble() * (random.Next(10) == 0 ? 200 : 4)));
                for (var i = random.Next(1, 12); i > 0; i--, decisions++)
                    if ((await instances[random.Next(2)].DecideAsync(cell.TakeAsync, default)).Allowed) admittedAt.Add(clock.Now);
                var elapsedIntervals = (clock.Now - start) / policy.Interval;
                Assert.True(admittedAt.Count <= policy.Burst + elapsedIntervals + 1, $"seed {seed}: {admittedAt.Count} admitted");
            }
            // Every window that opens at an admission: the burst, the rate over the window, a lease per instance.
            for (var i = 0; i < admittedAt.Count; i++)
            {
                var opens = admittedAt[i];
                var inWindow = admittedAt.Skip(i).TakeWhile(t => t - opens <= TimeSpan.FromSeconds(2)).Count();
                Assert.True(inWindow <= policy.Burst + TimeSpan.FromSeconds(2) / policy.Interval + 1 + 2 * cap, $"seed {seed}: {inWindow} in a window");
            }
            Assert.True(cell.Takes < decisions / 2, $"seed {seed}: {cell.Takes} takes for {decisions} decisions");
        }
    }

    static (ManualClock Clock, MemoryCell Cell) NewCell(int perMinute, int burst)
    {
        var clock = new ManualClock(new DateTimeOffset(Start, TimeSpan.Zero));
        return (clock, new MemoryCell(new RateLimitPolicy("test", perMinute, TimeSpan.FromMinutes(1), burst), clock));
    }

    /// <summary>The cell as storage holds it: one arrival time, each take one conditional write.</summary>
    sealed class MemoryCell(RateLimitPolicy policy, TimeProvider clock)
    {
        long? tat;

        public RateLimitPolicy Policy => policy;
        public int Takes { get; private set; }
        public int Granted { get; private set; }
        public List<int> Wanted { get; } = [];

        public Task<GcraGrant> TakeAsync(int wanted, CancellationToken ct)
        {
            var now = clock.GetUtcNow().UtcTicks;
            var grant = Gcra.Grant(tat ?? now, now, policy, wanted);
            (tat, Takes, Granted) = (grant.Tat, Takes + 1, Granted + grant.Granted);
            Wanted.Add(wanted);
            return Task.FromResult(grant);
        }
    }

    sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
