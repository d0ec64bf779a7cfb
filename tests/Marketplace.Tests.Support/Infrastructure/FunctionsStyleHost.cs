using Marketplace.Hosting;
using Marketplace.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// The Functions app's composition on Kestrel, beside a platform and on its store: <c>AddMarketplace</c> without the
/// standalone Durable Task sidecar, so there is no Durable client in DI, and every route entering through
/// <see cref="ApiDispatcher.InvokeAsync"/> with the client handed over as the generated wrappers hand over the one the
/// Functions host binds. What works here works in Azure without a client in DI.
/// </summary>
public sealed class FunctionsStyleHost(WebApplication app, Uri baseAddress) : IAsyncDisposable
{
    public Uri BaseAddress { get; } = baseAddress;

    public IServiceProvider Services => app.Services;

    public static async Task<FunctionsStyleHost> StartAsync(PlatformFixture platform, DurableTaskClient bound)
    {
        var port = NodeTools.GetFreeTcpPort();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = Directory.CreateTempSubdirectory("marketplace-functions-").FullName });
        builder.Configuration.AddConfiguration(platform.App.Configuration);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [WebHostDefaults.ServerUrlsKey] = $"http://127.0.0.1:{port}",
            ["Marketplace:PublicBaseUrl"] = platform.BaseAddress.ToString(),
        });
        builder.Services.AddMarketplace(builder.Configuration);
        var app = builder.Build();
        var api = app.Services.GetRequiredService<ApiDispatcher>();
        foreach (var route in app.Services.GetRequiredService<ApiRouteTable>().Routes)
            app.MapMethods(route.Pattern, [route.Method], (Delegate)((HttpContext http) => api.InvokeAsync(route.Name, http, bound)));
        await app.StartAsync();
        return new FunctionsStyleHost(app, new Uri($"http://127.0.0.1:{port}"));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
