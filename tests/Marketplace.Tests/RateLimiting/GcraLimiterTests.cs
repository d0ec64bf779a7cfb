using Azure.Data.Tables;
using Marketplace.RateLimiting;
using Marketplace.Storage;
using Marketplace.Tests.Contract;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.RateLimiting;

/// <summary>The GCRA arithmetic, and its shared state on real Table storage under concurrent instances and a moved clock.</summary>
[Collection("azurite-contract")]
public sealed class GcraLimiterTests(AzuriteFixture azurite)
{
    static readonly RateLimitPolicy TenPerMinuteBurstThree = new("test", 10, TimeSpan.FromMinutes(1), 3);

    [Fact]
    public void A_burst_passes_at_once_then_requests_are_spaced_by_the_interval()
    {
        var now = DateTimeOffset.UnixEpoch.UtcTicks + TimeSpan.FromDays(1).Ticks;
        var tat = now;
        var allowed = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            var d = GcraLimiter.Decide(tat, now, TenPerMinuteBurstThree, out tat);
            if (d.Allowed) allowed.Add(d.Remaining);
            else Assert.Equal(TimeSpan.FromSeconds(6), d.RetryAfter);
        }
        Assert.Equal([2, 1, 0], allowed);

        // One interval (6 s) later exactly one more fits; half an interval is not enough.
        Assert.False(GcraLimiter.Decide(tat, now + TimeSpan.FromSeconds(3).Ticks, TenPerMinuteBurstThree, out _).Allowed);
        Assert.True(GcraLimiter.Decide(tat, now + TimeSpan.FromSeconds(6).Ticks, TenPerMinuteBurstThree, out tat).Allowed);
        Assert.False(GcraLimiter.Decide(tat, now + TimeSpan.FromSeconds(6).Ticks, TenPerMinuteBurstThree, out _).Allowed);
    }

    [Fact]
    public async Task Two_instances_sharing_storage_admit_one_burst_between_them()
    {
        var (tables, _, options) = await ContractStores.StorageAsync(azurite);
        // Two limiters with their own clients, as two hosts would have.
        var first = new GcraLimiter(tables, TimeProvider.System);
        var second = new GcraLimiter(new Tables(new TableServiceClient(azurite.ConnectionString), options), TimeProvider.System);
        var policy = new RateLimitPolicy("test", 1, TimeSpan.FromHours(1), 5);
        var key = "tool:" + Guid.NewGuid().ToString("N");
        var decisions = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? first : second).AcquireAsync("tenant", key, policy, default)));
        Assert.Equal(5, decisions.Count(d => d.Allowed));
        Assert.All(decisions.Where(d => !d.Allowed), d => Assert.True(d.RetryAfter > TimeSpan.FromMinutes(59)));
        // Another key has its own cell.
        Assert.True((await second.AcquireAsync("tenant", key + "-other", policy, default)).Allowed);
    }

    /// <summary>
    /// Two instances sharing one cell, on a clock the test moves: whatever the policy, the pauses and how a moment's
    /// requests split between the instances (sent at once, so their writes race), each moment admits exactly what one
    /// limiter deciding alone would, so the pair never exceeds the burst plus one request per interval.
    /// </summary>
    [Fact]
    public async Task Two_instances_on_a_moved_clock_admit_what_one_limiter_would()
    {
        var (tables, _, options) = await ContractStores.StorageAsync(azurite);
        var cases = 0;
        for (var seed = 1; seed <= 4; seed++)
        {
            var random = new Random(seed);
            var clock = new ManualClock(DateTimeOffset.UnixEpoch.AddDays(20_000 + seed));
            var limiters = new[] { new GcraLimiter(tables, clock), new GcraLimiter(new Tables(new TableServiceClient(azurite.ConnectionString), options), clock) };
            var policy = new RateLimitPolicy("test", random.Next(1, 600), TimeSpan.FromSeconds(random.Next(1, 120)), random.Next(1, 6));
            var key = $"prop:{seed}:" + Guid.NewGuid().ToString("N");
            var start = clock.Now;
            var tat = start.UtcTicks;
            var admitted = 0;
            for (var step = 0; step < 8; step++, cases++)
            {
                clock.Now += TimeSpan.FromTicks((long)(policy.Interval.Ticks * random.NextDouble() * 3));
                var requests = random.Next(1, 7);
                var decisions = await Task.WhenAll(Enumerable.Range(0, requests).Select(_ => limiters[random.Next(2)].AcquireAsync("tenant", key, policy, default)));
                var expected = 0;
                for (var i = 0; i < requests; i++)
                    if (GcraLimiter.Decide(tat, clock.Now.UtcTicks, policy, out tat).Allowed) expected++;
                Assert.Equal(expected, decisions.Count(d => d.Allowed));
                Assert.All(decisions.Where(d => !d.Allowed), d => Assert.True(d.RetryAfter > TimeSpan.Zero && d.RetryAfter <= policy.Interval));
                admitted += expected;
                Assert.True(admitted <= policy.Burst + (clock.Now - start) / policy.Interval + 1, $"seed {seed}: {admitted} admitted");
            }
        }
        Assert.Equal(32, cases);
    }

    sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
