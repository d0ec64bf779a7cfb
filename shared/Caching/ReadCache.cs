using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;

namespace Marketplace.Caching;

/// <summary>
/// An instance's copy of rows that are read on every request but change rarely (API keys, tenants, tool
/// registries). A value is served for at most <see cref="ReadCacheOptions.FreshFor"/> from the moment its read
/// began, so a change made on another instance shows here within that time plus one read; the instance that makes a
/// change calls <see cref="Forget"/> and sees it at once. Concurrent misses of one key share one storage read, and
/// the number of entries is bounded (least recently used go first, unknown keys before known ones).
/// </summary>
public sealed class ReadCache<T> : IDisposable where T : class
{
    readonly MemoryCache entries;
    readonly ConcurrentDictionary<string, TaskCompletionSource<T?>> loading = new(StringComparer.Ordinal);
    readonly TimeSpan freshFor;
    readonly TimeProvider clock;
    // Bumped by every Forget: a read that began before it must not put back what the change made obsolete.
    long generation;

    sealed record Entry(T? Value, long ReadStartedAt);

    public ReadCache(ReadCacheOptions options, TimeProvider clock)
    {
        entries = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Capacity, CompactionPercentage = 0.1 });
        freshFor = options.FreshFor;
        this.clock = clock;
    }

    /// <summary>The value if a read of it began within the freshness window (null values are cached too: "no such row").</summary>
    public bool TryGetFresh(string key, out T? value)
    {
        if (entries.TryGetValue(key, out Entry? entry) && clock.GetElapsedTime(entry!.ReadStartedAt) < freshFor)
        {
            value = entry.Value;
            return true;
        }
        value = null;
        return false;
    }

    /// <summary>True when the key was found in storage when last read here (however long ago).</summary>
    public bool IsKnown(string key) => entries.TryGetValue(key, out Entry? entry) && entry!.Value is not null;

    /// <summary>The fresh value, else the result of one shared <paramref name="read"/> (which is then cached).</summary>
    public async Task<T?> GetAsync(string key, Func<CancellationToken, Task<T?>> read, CancellationToken ct)
    {
        if (TryGetFresh(key, out var value)) return value;
        var mine = new TaskCompletionSource<T?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var shared = loading.GetOrAdd(key, mine);
        if (shared == mine) _ = FillAsync(key, read, mine);
        return await shared.Task.WaitAsync(ct);
    }

    /// <summary>Drops the key, and any read of it in flight, after a change on this instance.</summary>
    public void Forget(string key)
    {
        Interlocked.Increment(ref generation);
        loading.TryRemove(key, out _);
        entries.Remove(key);
    }

    /// <summary>Puts a value just written on this instance, so its first use needs no read.</summary>
    public void Put(string key, T value)
    {
        Forget(key);
        Store(key, new Entry(value, clock.GetTimestamp()));
    }

    async Task FillAsync(string key, Func<CancellationToken, Task<T?>> read, TaskCompletionSource<T?> mine)
    {
        var startedAt = clock.GetTimestamp();
        var before = Interlocked.Read(ref generation);
        try
        {
            // Not the first caller's token: other requests wait on this read, and one of them going away must not fail the rest.
            var value = await read(CancellationToken.None);
            if (Interlocked.Read(ref generation) == before) Store(key, new Entry(value, startedAt));
            loading.TryRemove(KeyValuePair.Create(key, mine));
            mine.SetResult(value);
        }
        catch (Exception ex)
        {
            loading.TryRemove(KeyValuePair.Create(key, mine));
            mine.SetException(ex);
        }
    }

    void Store(string key, Entry entry)
    {
        using var cached = entries.CreateEntry(key);
        cached.Value = entry;
        cached.Size = 1;
        if (entry.Value is null)
        {
            // "No such row" is only worth its freshness window; kept longer it would just crowd out known rows.
            cached.AbsoluteExpirationRelativeToNow = freshFor;
            cached.Priority = CacheItemPriority.Low;
        }
        else
        {
            // A known row stays (stale, so never served) to mark its key as known; see IsKnown.
            cached.SlidingExpiration = TimeSpan.FromMinutes(10);
            cached.Priority = CacheItemPriority.High;
        }
    }

    public void Dispose() => entries.Dispose();
}
