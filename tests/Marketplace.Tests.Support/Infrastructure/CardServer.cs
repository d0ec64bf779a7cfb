using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Marketplace.Tests.Infrastructure;

/// <summary>A real HTTP server on loopback publishing agent cards (and some broken responses) for card-URL tests.</summary>
public sealed class CardServer : IAsyncDisposable
{
    readonly WebApplication app;
    readonly ConcurrentDictionary<string, int> requests;

    CardServer(WebApplication app, Uri baseAddress, ConcurrentDictionary<string, int> requests) =>
        (this.app, BaseAddress, this.requests) = (app, baseAddress, requests);

    public Uri BaseAddress { get; }

    /// <summary>How many requests reached <paramref name="path"/>.</summary>
    public int Requests(string path) => requests.GetValueOrDefault(path);

    public static async Task<CardServer> StartAsync()
    {
        var requests = new ConcurrentDictionary<string, int>();
        var (app, baseAddress) = await LoopbackServer.StartAsync(app =>
        {
            app.Use(async (http, next) =>
            {
                requests.AddOrUpdate(http.Request.Path.Value!, 1, (_, n) => n + 1);
                await next(http);
            });
            // Overloaded at the first request, fine from the second on; and one that never recovers.
            app.MapGet("/flaky/.well-known/agent-card.json", (HttpContext http) => requests[http.Request.Path.Value!] == 1
                ? Results.StatusCode(503)
                : Results.Text(Cards.Valid("Flaky Agent").ToJsonString(), "application/json"));
            app.MapGet("/down", () => Results.StatusCode(503));
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
        return new CardServer(app, baseAddress, requests);
    }

    public string Url(string path) => new Uri(BaseAddress, path).ToString();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
