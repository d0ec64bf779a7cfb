using Marketplace.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Analytics;

public static class AnalyticsModule
{
    public static IServiceCollection AddAnalytics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<AnalyticsStore>();
        services.AddSingleton<AnalyticsEndpoints>();
        services.AddSingleton<AnalyticsWorker>();
        services.AddScoped<IQueueHandler>(sp => sp.GetRequiredService<AnalyticsWorker>());
        return services;
    }
}
