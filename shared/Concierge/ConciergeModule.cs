using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Concierge;

public static class ConciergeModule
{
    /// <summary>The marketplace's own agent: its endpoints only; it finds agents with Search and delegates through the A2A gateway.</summary>
    public static IServiceCollection AddConcierge(this IServiceCollection services)
    {
        services.AddSingleton<ConciergeEndpoints>();
        return services;
    }
}
