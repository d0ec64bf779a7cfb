using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Health;

public static class HealthModule
{
    /// <summary>Each check has its own deadline, so one hung dependency reports unhealthy instead of stalling the endpoint.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    public static IServiceCollection AddHealth(this IServiceCollection services, IConfiguration configuration)
    {
        // The Durable backend is checked by the endpoint, with the request's client (DurableHealthCheck).
        services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>("storage", timeout: CheckTimeout)
            .AddCheck<DocumentsHealthCheck>("documents", timeout: CheckTimeout);
        services.AddSingleton<HealthEndpoints>();
        return services;
    }
}
