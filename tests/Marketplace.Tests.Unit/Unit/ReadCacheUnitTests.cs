using Marketplace.Caching;
using Xunit;

namespace Marketplace.Tests.Unit;

/// <summary>The per-instance read cache: shared reads, remembered misses, and no stale value put back after a change.</summary>
public sealed class ReadCacheUnitTests
{
    static ReadCache<string> NewCache() => new(new ReadCacheOptions { FreshFor = TimeSpan.FromMinutes(1), Capacity = 100 }, TimeProvider.System);

    [Fact]
    public async Task Concurrent_misses_of_one_key_share_one_read()
    {
        using var cache = NewCache();
        var reads = 0;
        var gate = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiters = Enumerable.Range(0, 10).Select(_ => cache.GetAsync("k", _ => { Interlocked.Increment(ref reads); return gate.Task; }, CancellationToken.None)).ToList();
        gate.SetResult("v");
        Assert.All(await Task.WhenAll(waiters), v => Assert.Equal("v", v));
        Assert.Equal(1, reads);
        Assert.Equal("v", await cache.GetAsync("k", _ => throw new InvalidOperationException("read again"), CancellationToken.None));
    }

    [Fact]
    public async Task A_missing_row_is_remembered_for_the_window_but_not_as_known()
    {
        using var cache = NewCache();
        var reads = 0;
        for (var i = 0; i < 5; i++) Assert.Null(await cache.GetAsync("k", _ => { reads++; return Task.FromResult<string?>(null); }, CancellationToken.None));
        Assert.Equal(1, reads);
        Assert.False(cache.IsKnown("k"));
        await cache.GetAsync("found", _ => Task.FromResult<string?>("v"), CancellationToken.None);
        Assert.True(cache.IsKnown("found"));
    }

    [Fact]
    public async Task A_read_that_began_before_a_change_does_not_put_the_old_value_back()
    {
        using var cache = NewCache();
        var oldRead = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var inFlight = cache.GetAsync("k", _ => oldRead.Task, CancellationToken.None);
        cache.Forget("k"); // e.g. the key was revoked on this instance while someone was reading it
        oldRead.SetResult("before the change");
        Assert.Equal("before the change", await inFlight); // that request began before the change

        Assert.Equal("after the change", await cache.GetAsync("k", _ => Task.FromResult<string?>("after the change"), CancellationToken.None));
    }

    [Fact]
    public async Task A_failed_read_is_not_cached()
    {
        using var cache = NewCache();
        await Assert.ThrowsAsync<TimeoutException>(() => cache.GetAsync("k", _ => Task.FromException<string?>(new TimeoutException()), CancellationToken.None));
        Assert.Equal("v", await cache.GetAsync("k", _ => Task.FromResult<string?>("v"), CancellationToken.None));
    }

    [Fact]
    public void The_read_budget_refills_at_its_rate_up_to_one_second_s_worth()
    {
        var clock = new ManualClock();
        var budget = new ReadBudget(5, clock);
        Assert.Equal(5, Enumerable.Range(0, 10).Count(_ => budget.TryTake()));
        clock.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal(1, Enumerable.Range(0, 10).Count(_ => budget.TryTake()));
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(5, Enumerable.Range(0, 10).Count(_ => budget.TryTake()));
    }

    sealed class ManualClock : TimeProvider
    {
        long ticks;

        public void Advance(TimeSpan by) => ticks += by.Ticks;

        public override long GetTimestamp() => ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    }
}
