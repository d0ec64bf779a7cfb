using Azure.Data.Tables;
using Marketplace.RateLimiting;
using Marketplace.Storage;
using Marketplace.Tests.Contract;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.RateLimiting;

/// <summary>The GCRA arithmetic, and its shared state on real Table storage under concurrent instances.</summary>
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
}
