using Marketplace.Serialization;
using Marketplace.Caching;
using Marketplace.Http;
using Marketplace.Queues;
using Marketplace.Registry;
using Marketplace.Security;
using Marketplace.Storage;
using Marketplace.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Hosting;

/// <summary>What every feature builds on: options, clock, telemetry, JSON, storage clients, the outbound HTTP client.</summary>
public static class PlatformModule
{
    public static IServiceCollection AddPlatform(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<MarketplaceOptions>(configuration, MarketplaceOptions.Section);
        services.AddValidatedOptions<StorageOptions>(configuration, StorageOptions.Section);
        services.AddValidatedOptions<OutboundOptions>(configuration, OutboundOptions.Section);
        services.AddValidatedOptions<QueuePollerOptions>(configuration, QueuePollerOptions.Section);
        // Keys, tenants and tool registries are read on every request: served from each instance's copy (see ReadCacheOptions).
        services.AddValidatedOptions<ReadCacheOptions>(configuration, ReadCacheOptions.Section);
        services.AddSingleton(TimeProvider.System);
        services.AddMarketplaceTelemetry(configuration);
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.DefaultIgnoreCondition = Json.Lenient.DefaultIgnoreCondition;
            foreach (var converter in Json.Lenient.Converters) o.SerializerOptions.Converters.Add(converter);
        });

        services.AddStorageClients(configuration.GetSection("AzureWebJobsStorage"));
        services.AddSingleton<Tables>();
        services.AddSingleton<StorageQueues>();
        services.AddSingleton<StripedLocks>();
        services.AddHostedService<StorageInitializer>();

        services.AddSingleton<SsrfGuard>();
        // One pooled handler for every agent and tool upstream: its connections are recycled every 2 min (so DNS
        // changes are seen), so the factory need not replace the whole handler, and with it the pool, as well.
        // Requests marked safe to repeat (reads) are retried on transient failures; nothing else is.
        services.AddHttpClient(CardFetcher.ClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectCallback = sp.GetRequiredService<SsrfGuard>().ConnectAsync,
                MaxAutomaticRedirections = 3,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddUpstreamRetry();
        return services;
    }
}
