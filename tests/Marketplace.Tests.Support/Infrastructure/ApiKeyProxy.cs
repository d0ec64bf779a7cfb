using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// A forward proxy on loopback that adds one <c>X-API-Key</c> header and passes everything else through unchanged,
/// for clients that cannot be told to send a header (the MCP conformance CLI has no such option).
/// </summary>
/// <remarks>
/// Host and Origin are forwarded exactly as the client sent them, never rewritten to the target's: the client
/// believes it talks to 127.0.0.1:{proxy port}, so that is the Host it sends and the Origin it derives, and the
/// target judges those values itself. Rewriting Host would hide a rebinding Host from the target and make a
/// valid Origin look foreign; the target accepts the proxy's Host because it is loopback.
/// Responses, server-sent event streams included, are streamed back as they arrive.
/// </remarks>
public sealed class ApiKeyProxy : IAsyncDisposable
{
    // Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are not forwarded in either direction.
    static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
    };

    readonly WebApplication app;
    readonly HttpClient upstream;

    ApiKeyProxy(WebApplication app, HttpClient upstream, Uri baseAddress) => (this.app, this.upstream, BaseAddress) = (app, upstream, baseAddress);

    public Uri BaseAddress { get; }

    public static async Task<ApiKeyProxy> StartAsync(Uri target, string apiKey)
    {
        var upstream = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        })
        { Timeout = Timeout.InfiniteTimeSpan };
        var (app, baseAddress) = await LoopbackServer.StartAsync(app => app.Run(context => ForwardAsync(context, upstream, target, apiKey)),
            builder => builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false));
        return new ApiKeyProxy(app, upstream, baseAddress);
    }

    static async Task ForwardAsync(HttpContext context, HttpClient upstream, Uri target, string apiKey)
    {
        var incoming = context.Request;
        using var request = new HttpRequestMessage(new HttpMethod(incoming.Method), new Uri(target, incoming.Path + incoming.QueryString));
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true)
        {
            request.Content = new StreamContent(incoming.Body);
        }
        foreach (var (name, values) in incoming.Headers)
        {
            if (HopByHop.Contains(name) || name.Equals("X-API-Key", StringComparison.OrdinalIgnoreCase)) continue;
            // Host lands in request.Headers.Host, which the handler sends instead of the target's authority.
            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }
        request.Headers.TryAddWithoutValidation("X-API-Key", apiKey);

        using var response = await upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(name)) context.Response.Headers[name] = values.ToArray();
        }
        await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        await body.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        upstream.Dispose();
    }
}
