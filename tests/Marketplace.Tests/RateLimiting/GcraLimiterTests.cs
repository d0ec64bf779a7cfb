using Azure.Data.Tables;
using Marketplace.RateLimiting;
using Marketplace.Storage;
using Marketplace.Tests.Contract;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Xunit;

namespace Marketplace.Tests.RateLimiting;

/// <summary>GCRA's shared state on real Table storage under concurrent instances and a moved clock, leases off (the arithmetic and the leases: GcraLeaseTests).</summary>
[Collection("azurite-contract")]
public sealed class GcraLimiterTests(AzuriteFixture azurite)
{
    // Leases off: each decision is one emission read and written, the exact baseline leases are measured against.
    static readonly IOptions<RateLimitOptions> Exact = Options.Create(new RateLimitOptions { LeaseMax = 1 });
    static readonly IOptions<RateLimitOptions> Defaults = Options.Create(new RateLimitOptions());

    [Fact]
    public async Task Two_instances_sharing_storage_admit_one_burst_between_them()
    {
        var (tables, _, options) = await ContractStores.StorageAsync(azurite);
        // Two limiters with their own clients, as two hosts would have; a limit this slow is never leased.
        var first = new GcraLimiter(tables, TimeProvider.System, Defaults);
        var second = new GcraLimiter(new Tables(new TableServiceClient(azurite.ConnectionString), options), TimeProvider.System, Defaults);
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
            var limiters = new[] { new GcraLimiter(tables, clock, Exact), new GcraLimiter(new Tables(new TableServiceClient(azurite.ConnectionString), options), clock, Exact) };
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
                {
                    var grant = Gcra.Grant(tat, clock.Now.UtcTicks, policy, 1);
                    (tat, expected) = (grant.Tat, expected + grant.Granted);
                }
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
