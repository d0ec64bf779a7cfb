using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Marketplace.Tests.Infrastructure;

/// <summary>One request as a backend received it.</summary>
public sealed record ReceivedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers)
{
    public string Body { get; init; } = "";
}

/// <summary>A real HTTP backend on loopback that answers every request with a small JSON object and records it.</summary>
public sealed class RecordingBackend : IAsyncDisposable
{
    readonly WebApplication app;

    RecordingBackend(WebApplication app, string url, ConcurrentQueue<ReceivedRequest> requests) => (this.app, Url, Requests) = (app, url, requests);

    /// <summary>The base URL, ending in '/'.</summary>
    public string Url { get; }

    public ConcurrentQueue<ReceivedRequest> Requests { get; }

    public static async Task<RecordingBackend> StartAsync()
    {
        var requests = new ConcurrentQueue<ReceivedRequest>();
        var (app, baseAddress) = await LoopbackServer.StartAsync(app => app.Run(async http =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            requests.Enqueue(new ReceivedRequest(http.Request.Method, http.Request.Path + http.Request.QueryString,
                http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)) { Body = body });
            await http.Response.WriteAsJsonAsync(new { ok = true, path = http.Request.Path.Value });
        }));
        return new RecordingBackend(app, baseAddress.ToString(), requests);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
