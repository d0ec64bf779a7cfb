using Marketplace.Caching;
using Microsoft.Extensions.Options;

namespace Marketplace.Tenancy;

/// <summary>
/// The key store as requests see it: a key is read from storage at most once per freshness window per instance
/// (see <see cref="ReadCacheOptions"/>), so authenticating costs no storage round trip on the hot path. Creating or
/// revoking a key here updates this instance at once; other instances see a revocation within the window.
/// Made-up keys cannot turn into storage reads: an unknown key is remembered as unknown for the window, and keys
/// this instance has never seen are read only within <see cref="ReadCacheOptions.UnknownKeyReadsPerSecond"/>; past
/// that they are answered as unknown without a read.
/// </summary>
public sealed class CachedApiKeyStore : IApiKeyStore, IDisposable
{
    readonly IApiKeyStore inner;
    readonly ReadCache<ApiKeyRecord> cache;
    readonly ReadBudget unknownReads;

    public CachedApiKeyStore(TableApiKeyStore inner, IOptions<ReadCacheOptions> options, TimeProvider clock)
    {
        this.inner = inner;
        cache = new ReadCache<ApiKeyRecord>(options.Value, clock);
        unknownReads = new ReadBudget(options.Value.UnknownKeyReadsPerSecond, clock);
    }

    public async Task CreateAsync(ApiKeyRecord key, CancellationToken ct)
    {
        await inner.CreateAsync(key, ct);
        cache.Put(CacheKey(key.TenantId, key.KeyId), key);
    }

    public Task<ApiKeyRecord?> GetAsync(string tenantId, string keyId, CancellationToken ct)
    {
        var cacheKey = CacheKey(tenantId, keyId);
        if (cache.TryGetFresh(cacheKey, out var fresh)) return Task.FromResult(fresh);
        // A known key's refresh is never refused; only keys with no record here spend the budget.
        if (!cache.IsKnown(cacheKey) && !unknownReads.TryTake()) return Task.FromResult<ApiKeyRecord?>(null);
        return cache.GetAsync(cacheKey, read => inner.GetAsync(tenantId, keyId, read), ct);
    }

    public Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string tenantId, CancellationToken ct) => inner.ListAsync(tenantId, ct);

    public async Task<bool> RevokeAsync(string tenantId, string keyId, DateTimeOffset at, CancellationToken ct)
    {
        var revoked = await inner.RevokeAsync(tenantId, keyId, at, ct);
        cache.Forget(CacheKey(tenantId, keyId));
        return revoked;
    }

    // Tenant and key ids never contain a slash (keys are split on dots, ids are generated or validated).
    static string CacheKey(string tenantId, string keyId) => tenantId + "/" + keyId;

    public void Dispose() => cache.Dispose();
}
