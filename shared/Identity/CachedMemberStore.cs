using Marketplace.Caching;
using Marketplace.Tenancy;
using Microsoft.Extensions.Options;

namespace Marketplace.Identity;

/// <summary>
/// Memberships as authentication sees them: read at most once per freshness window per instance (like keys), so a
/// role change or removal made on this instance applies to the next request, and on others within the window.
/// </summary>
public sealed class CachedMemberStore : IMemberStore, IDisposable
{
    readonly TableMemberStore inner;
    readonly ReadCache<Membership> members;
    readonly ReadCache<IReadOnlyList<Membership>> byPrincipal;

    public CachedMemberStore(TableMemberStore inner, IOptions<ReadCacheOptions> options, TimeProvider clock)
    {
        this.inner = inner;
        members = new ReadCache<Membership>(options.Value, clock);
        byPrincipal = new ReadCache<IReadOnlyList<Membership>>(options.Value, clock);
    }

    public async Task<bool> AddAsync(Membership membership, CancellationToken ct)
    {
        var added = await inner.AddAsync(membership, ct);
        Forget(membership.TenantId, membership.PrincipalId);
        return added;
    }

    public Task<Membership?> GetAsync(string tenantId, string principalId, CancellationToken ct) =>
        members.GetAsync(Key(tenantId, principalId), read => inner.GetAsync(tenantId, principalId, read), ct);

    public Task<IReadOnlyList<Membership>> ListAsync(string tenantId, CancellationToken ct) => inner.ListAsync(tenantId, ct);

    public async Task<IReadOnlyList<Membership>> ForPrincipalAsync(string principalId, CancellationToken ct) =>
        await byPrincipal.GetAsync(principalId, read => inner.ForPrincipalAsync(principalId, read)!, ct) ?? [];

    public async Task<MemberChange> SetRoleAsync(string tenantId, string principalId, Role role, CancellationToken ct)
    {
        var change = await inner.SetRoleAsync(tenantId, principalId, role, ct);
        Forget(tenantId, principalId);
        return change;
    }

    public async Task<MemberChange> RemoveAsync(string tenantId, string principalId, CancellationToken ct)
    {
        var change = await inner.RemoveAsync(tenantId, principalId, ct);
        Forget(tenantId, principalId);
        return change;
    }

    void Forget(string tenantId, string principalId)
    {
        members.Forget(Key(tenantId, principalId));
        byPrincipal.Forget(principalId);
    }

    // Neither id contains a slash (both are table-key safe by construction).
    static string Key(string tenantId, string principalId) => tenantId + "/" + principalId;

    public void Dispose()
    {
        members.Dispose();
        byPrincipal.Dispose();
    }
}
