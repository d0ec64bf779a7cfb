using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Health;

public static class HealthModule
{
    public static IServiceCollection AddHealth(this IServiceCollection services, IConfiguration configuration)
    {
        // Each check has its own deadline, so one hung dependency reports unhealthy instead of stalling the endpoint.
        var checkTimeout = TimeSpan.FromSeconds(3);
        services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>("storage", timeout: checkTimeout)
            .AddCheck<DocumentsHealthCheck>("documents", timeout: checkTimeout)
            .AddCheck<DurableHealthCheck>("durable", timeout: checkTimeout);
        services.AddSingleton<HealthEndpoints>();
        return services;
    }
}
