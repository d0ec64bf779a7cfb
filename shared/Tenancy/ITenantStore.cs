namespace Marketplace.Tenancy;

/// <summary>Tenants, one partition each.</summary>
public interface ITenantStore
{
    /// <summary>False when a tenant with this id exists.</summary>
    Task<bool> CreateAsync(Tenant tenant, CancellationToken ct);

    Task<Tenant?> GetAsync(string tenantId, CancellationToken ct);
}
