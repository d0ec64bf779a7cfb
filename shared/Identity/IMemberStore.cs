using Marketplace.Tenancy;

namespace Marketplace.Identity;

/// <summary>Why a membership change was refused.</summary>
public enum MemberChange
{
    Done,
    NotFound,
    LastOwner,
}

/// <summary>
/// Members of tenants (partition per tenant, the authority on roles) and each principal's list of tenants (an index
/// kept beside it, checked against the tenant's row before use).
/// </summary>
public interface IMemberStore
{
    /// <summary>False when the principal is already a member.</summary>
    Task<bool> AddAsync(Membership membership, CancellationToken ct);

    Task<Membership?> GetAsync(string tenantId, string principalId, CancellationToken ct);

    Task<IReadOnlyList<Membership>> ListAsync(string tenantId, CancellationToken ct);

    /// <summary>The principal's memberships, oldest first.</summary>
    Task<IReadOnlyList<Membership>> ForPrincipalAsync(string principalId, CancellationToken ct);

    /// <summary>Changes a role; refused when it would leave the tenant without an owner, even against a concurrent change.</summary>
    Task<MemberChange> SetRoleAsync(string tenantId, string principalId, Role role, CancellationToken ct);

    /// <summary>Removes a member; refused for the last owner.</summary>
    Task<MemberChange> RemoveAsync(string tenantId, string principalId, CancellationToken ct);
}

/// <summary>Principals' profiles, by id.</summary>
public interface IPrincipalStore
{
    /// <summary>Creates or refreshes the profile (kind, names, email); keeps the first-seen time.</summary>
    Task<Principal> UpsertAsync(Principal principal, CancellationToken ct);

    Task<Principal?> GetAsync(string principalId, CancellationToken ct);
}
