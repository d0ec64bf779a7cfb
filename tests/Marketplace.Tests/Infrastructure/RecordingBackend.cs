using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Marketplace.Tests.Infrastructure;

/// <summary>One request as a backend received it.</summary>
public sealed record ReceivedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers);

/// <summary>A real HTTP backend on loopback that answers every request with a small JSON object and records it.</summary>
public sealed class RecordingBackend : IAsyncDisposable
{
    readonly WebApplication app;

    RecordingBackend(WebApplication app, string url) => (this.app, Url) = (app, url);

    /// <summary>The base URL, ending in '/'.</summary>
    public string Url { get; }

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public static async Task<RecordingBackend> StartAsync()
    {
        var port = NodeTools.GetFreeTcpPort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var backend = new RecordingBackend(app, $"http://127.0.0.1:{port}/");
        app.Run(async http =>
        {
            backend.Requests.Enqueue(new ReceivedRequest(http.Request.Method, http.Request.Path + http.Request.QueryString,
                http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            await http.Response.WriteAsJsonAsync(new { ok = true, path = http.Request.Path.Value });
        });
        await app.StartAsync();
        return backend;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
