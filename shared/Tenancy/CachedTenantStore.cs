using Marketplace.Caching;
using Microsoft.Extensions.Options;

namespace Marketplace.Tenancy;

/// <summary>
/// Tenants as requests see them (existence and plan are read on every limited or OAuth request): each tenant is read
/// at most once per freshness window per instance, so a plan change made elsewhere applies within that window.
/// Only authenticated callers reach these reads, so no budget for unknown ids is needed here.
/// </summary>
public sealed class CachedTenantStore : ITenantStore, IDisposable
{
    readonly ITenantStore inner;
    readonly ReadCache<Tenant> cache;

    public CachedTenantStore(TableTenantStore inner, IOptions<ReadCacheOptions> options, TimeProvider clock)
    {
        this.inner = inner;
        cache = new ReadCache<Tenant>(options.Value, clock);
    }

    public async Task<bool> CreateAsync(Tenant tenant, CancellationToken ct)
    {
        var created = await inner.CreateAsync(tenant, ct);
        // Forget either way: a "no such tenant" remembered a moment ago is wrong now.
        cache.Forget(tenant.Id);
        return created;
    }

    public Task<Tenant?> GetAsync(string tenantId, CancellationToken ct) => cache.GetAsync(tenantId, read => inner.GetAsync(tenantId, read), ct);

    public void Dispose() => cache.Dispose();
}
