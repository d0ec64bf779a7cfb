using Marketplace.Caching;
using Microsoft.Extensions.Options;

namespace Marketplace.Mcp;

/// <summary>
/// Each tenant's tool registry held in memory: <c>tools/list</c> and <c>tools/call</c> read one copy of the whole
/// registry (one partition query per freshness window per instance, see <see cref="ReadCacheOptions"/>) instead of a
/// storage read per call. A change made on this instance drops the tenant's copy at once; other instances pick it
/// up within the window, which also bounds how long a tool blocked elsewhere can still be called here.
/// </summary>
public sealed class CachedToolStore : IToolStore, IDisposable
{
    readonly IToolStore inner;
    readonly ReadCache<Registry> cache;

    sealed record Registry(IReadOnlyList<RegisteredTool> Tools, IReadOnlyDictionary<string, RegisteredTool> ByName);

    public CachedToolStore(TableToolStore inner, IOptions<ReadCacheOptions> options, TimeProvider clock)
    {
        this.inner = inner;
        cache = new ReadCache<Registry>(options.Value, clock);
    }

    public async Task<bool> CreateAsync(RegisteredTool tool, CancellationToken ct)
    {
        var created = await inner.CreateAsync(tool, ct);
        cache.Forget(tool.TenantId);
        return created;
    }

    public async Task<RegisteredTool?> GetAsync(string tenantId, string name, CancellationToken ct) =>
        (await RegistryAsync(tenantId, ct)).ByName.GetValueOrDefault(name);

    public async Task<IReadOnlyList<RegisteredTool>> ListAsync(string tenantId, CancellationToken ct) => (await RegistryAsync(tenantId, ct)).Tools;

    public async Task<RegisteredTool?> UpdateAsync(string tenantId, string name, Func<RegisteredTool, RegisteredTool> change, CancellationToken ct)
    {
        try
        {
            return await inner.UpdateAsync(tenantId, name, change, ct);
        }
        finally
        {
            cache.Forget(tenantId);
        }
    }

    public async Task<bool> DeleteAsync(string tenantId, string name, CancellationToken ct)
    {
        try
        {
            return await inner.DeleteAsync(tenantId, name, ct);
        }
        finally
        {
            cache.Forget(tenantId);
        }
    }

    async Task<Registry> RegistryAsync(string tenantId, CancellationToken ct) => (await cache.GetAsync(tenantId, async read =>
    {
        var tools = await inner.ListAsync(tenantId, read);
        return new Registry(tools, tools.ToDictionary(t => t.Name, StringComparer.Ordinal));
    }, ct))!;

    public void Dispose() => cache.Dispose();
}
