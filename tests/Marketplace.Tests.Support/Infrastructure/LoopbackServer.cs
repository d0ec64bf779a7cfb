using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Marketplace.Tests.Infrastructure;

/// <summary>A small real HTTP server for a test double (a backend, an upstream, an issuer), on a free loopback port.</summary>
public static class LoopbackServer
{
    /// <summary>Builds the app (after <paramref name="configure"/> adds services), maps it with <paramref name="map"/>, starts it.</summary>
    public static async Task<(WebApplication App, Uri BaseAddress)> StartAsync(Action<WebApplication> map, Action<WebApplicationBuilder>? configure = null)
    {
        var port = NodeTools.GetFreeTcpPort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        configure?.Invoke(builder);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return (app, new Uri($"http://127.0.0.1:{port}"));
    }
}
