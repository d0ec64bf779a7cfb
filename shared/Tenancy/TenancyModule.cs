using Marketplace.Billing;
using Marketplace.Hosting;
using Marketplace.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Tenancy;

public static class TenancyModule
{
    /// <summary>Tenants, keys (both cached per instance), plans and their rate limits, and the one authenticator.</summary>
    public static IServiceCollection AddTenancy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<TableTenantStore>();
        services.AddSingleton<ITenantStore, CachedTenantStore>();
        services.AddSingleton<TableApiKeyStore>();
        services.AddSingleton<IApiKeyStore, CachedApiKeyStore>();
        services.AddSingleton<Authenticator>();
        services.AddSingleton<TenantPlans>();
        services.AddValidatedOptions<RateLimitOptions>(configuration, RateLimitOptions.Section);
        services.AddSingleton<GcraLimiter>();
        services.AddSingleton<PlanRateLimits>();
        services.AddSingleton<TenantEndpoints>();
        services.AddSingleton<KeyEndpoints>();
        return services;
    }
}
