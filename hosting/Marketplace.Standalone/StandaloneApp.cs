using Marketplace.A2A.Lifecycle;
using Marketplace.Durable;
using Marketplace.Http;
using Marketplace.Queues;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Hosting;

/// <summary>
/// The marketplace without a Functions host: the same routes on Kestrel, queue pollers instead of queue triggers,
/// and the Durable Task worker on an in-process sidecar.
/// </summary>
public static class StandaloneApp
{
    public const string DefaultUrl = "http://127.0.0.1:7071";

    public static WebApplication Build(string[] args, Action<DurableTaskRegistry> tasks, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        LocalSettings.AddTo(builder.Configuration, builder.Environment.ContentRootPath);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey])) builder.WebHost.UseUrls(DefaultUrl);
        builder.Services.Configure<HostOptions>(o => o.ServicesStopConcurrently = true);
        // Per-request SDK and framework chatter drowns the marketplace's own logs; settings can turn it back up.
        foreach (var category in new[] { "Azure", "Microsoft.AspNetCore", "Grpc", "DurableTask", "Microsoft.DurableTask", "System.Net.Http" })
            builder.Logging.AddFilter(category, LogLevel.Warning);
        logging?.Invoke(builder.Logging);
        builder.Services.AddMarketplace(builder.Configuration);
        var listenBase = PublicUrls.FromListenUrls(builder.Configuration[WebHostDefaults.ServerUrlsKey]);
        builder.Services.PostConfigure<MarketplaceOptions>(o => o.PublicBaseUrl ??= listenBase);
        builder.Services.AddStandaloneDurableTask(builder.Configuration, tasks);
        builder.Services.AddHostedService<QueuePoller>();
        // In Azure a timer-triggered function sweeps instead, with the Durable client the Functions host binds.
        builder.Services.AddHostedService<TaskHandOffSweeper>();
        builder.Services.AddHostedService<Billing.GrantExpirySweeper>();
        builder.Services.AddConsoleCors(builder.Configuration);
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            kestrel.Limits.MaxRequestBodySize = context.Configuration.GetValue<long?>("Marketplace:MaxRequestBodyBytes") ?? 1024 * 1024;
            RequestLimits.Configure(kestrel.Limits);
            kestrel.ConfigureEndpointDefaults(BareRejections.Use);
        });

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages(StatusPages.WriteAsync);
        app.Use(RequestLimits.EnforceAsync);
        app.UseConsoleCors();
        var dispatcher = app.Services.GetRequiredService<ApiDispatcher>();
        // The host's own client, passed to every route as the Functions wrappers pass the one the host binds.
        var durable = app.Services.GetRequiredService<DurableTaskClient>();
        foreach (var route in app.Services.GetRequiredService<ApiRouteTable>().Routes)
            app.MapMethods(route.Pattern, [route.Method], (Delegate)((HttpContext http) => dispatcher.ExecuteAsync(route, http, durable))).WithName(route.Name);
        app.MapConsole();
        return app;
    }
}
