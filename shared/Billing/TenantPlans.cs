using Marketplace.Tenancy;
using Microsoft.Extensions.Options;

namespace Marketplace.Billing;

/// <summary>
/// A tenant's plan limits, read on every limited request. The host's tenant store is the cached one
/// (<see cref="CachedTenantStore"/>), so this costs no storage read per request and a plan change takes effect on
/// every instance within its freshness window; keeping no copy here keeps that window the only delay.
/// </summary>
public sealed class TenantPlans(ITenantStore tenants, IOptions<BillingOptions> options)
{
    public async Task<(string Name, PlanLimits Limits)> GetAsync(string tenantId, CancellationToken ct)
    {
        var plan = (await tenants.GetAsync(tenantId, ct))?.Plan ?? "free";
        return (plan, options.Value.For(plan));
    }
}
