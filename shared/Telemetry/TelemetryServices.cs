using Azure.Identity;
using Azure.Monitor.OpenTelemetry.AspNetCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Marketplace.Telemetry;

public static class TelemetryServices
{
    /// <summary>
    /// Traces (incoming HTTP, outgoing HTTP with W3C traceparent, Durable Task orchestrations and activities),
    /// metrics and logs through OpenTelemetry; exported to Application Insights (Entra ID auth) when
    /// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, otherwise only kept in-process.
    /// </summary>
    public static IServiceCollection AddMarketplaceTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<MarketplaceMetrics>();
        // Every log line goes through one sanitizer, whoever writes it (see SanitizingLoggerFactory).
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new SanitizingLoggerFactory(new LoggerFactory(
            sp.GetServices<ILoggerProvider>(), sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            sp.GetService<IOptions<LoggerFactoryOptions>>(), sp.GetService<IExternalScopeProvider>()))));
        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("agent-marketplace"))
            .WithTracing(t => t
                .AddSource("Microsoft.DurableTask", "Microsoft.DurableTask.*")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation())
            .WithMetrics(m => m
                .AddMeter(MarketplaceMetrics.MeterName, Storage.StorageRequestMeter.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation());
        if (!string.IsNullOrEmpty(configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
            otel.UseAzureMonitor(o => o.Credential = new DefaultAzureCredential());
        return services;
    }
}
