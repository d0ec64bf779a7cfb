using System.Collections.Concurrent;
using Marketplace.Tenancy;
using Microsoft.Extensions.Options;

namespace Marketplace.Billing;

/// <summary>
/// A tenant's plan limits, read on every limited request: cached per instance for half a minute, so a plan change
/// takes effect everywhere within that time without a storage read per request.
/// </summary>
public sealed class TenantPlans(ITenantStore tenants, IOptions<BillingOptions> options, TimeProvider clock)
{
    static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    readonly ConcurrentDictionary<string, (string Plan, DateTimeOffset Until)> cache = new();

    public async Task<(string Name, PlanLimits Limits)> GetAsync(string tenantId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (!cache.TryGetValue(tenantId, out var entry) || entry.Until <= now)
        {
            var plan = (await tenants.GetAsync(tenantId, ct))?.Plan ?? "free";
            entry = (plan, now + Ttl);
            cache[tenantId] = entry;
        }
        return (entry.Plan, options.Value.For(entry.Plan));
    }
}
