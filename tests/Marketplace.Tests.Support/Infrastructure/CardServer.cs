using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Marketplace.Tests.Infrastructure;

/// <summary>A real HTTP server on loopback publishing agent cards (and some broken responses) for card-URL tests.</summary>
public sealed class CardServer : IAsyncDisposable
{
    readonly WebApplication app;

    CardServer(WebApplication app, Uri baseAddress) => (this.app, BaseAddress) = (app, baseAddress);

    public Uri BaseAddress { get; }

    public static async Task<CardServer> StartAsync()
    {
        var (app, baseAddress) = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/.well-known/agent-card.json", () => Results.Text(Cards.Valid("Fetched Agent").ToJsonString(), "application/json"));
            app.MapGet("/invalid/.well-known/agent-card.json", () => Results.Text("{\"name\": 1}", "application/json"));
            app.MapGet("/html", () => Results.Text("<html>not a card</html>", "text/html"));
            app.MapGet("/huge", () => Results.Text(new string(' ', 2 * 1024 * 1024) + "{}", "application/json"));
            app.MapGet("/missing", () => Results.NotFound());
            app.MapGet("/slow", async (CancellationToken ct) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(30), ct);
                return Results.Ok();
            });
        });
        return new CardServer(app, baseAddress);
    }

    public string Url(string path) => new Uri(BaseAddress, path).ToString();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
