using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Marketplace.Security;
using Microsoft.Extensions.Options;
using StandardWebhooks;

namespace Marketplace.Webhooks;

/// <summary>What one try at a webhook came to.</summary>
public sealed record WebhookSendResult(bool Succeeded, int? StatusCode, double LatencyMs, string? Error);

/// <summary>
/// Sends one body to one webhook, signed per Standard Webhooks (<c>webhook-id</c>, <c>webhook-timestamp</c>,
/// <c>webhook-signature: v1,…</c>). The request carries the body, its type, those three headers and a product
/// User-Agent, and nothing else: no trace context, no cookies, no credentials; redirects are not followed. The URL is
/// checked again here and every connection once more after DNS (<see cref="SsrfGuard.ConnectAsync"/>).
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, SsrfGuard guard, IOptions<WebhookOptions> options, TimeProvider clock)
{
    public const string ClientName = "webhooks";
    public const string UserAgent = "agent-marketplace-webhooks/1.0";

    /// <summary>The log's phrase for a URL or address the SSRF guard refused (as <see cref="OutboundFailure"/> words it).</summary>
    public const string RefusedPhrase = "the host is not on the public internet";

    /// <summary>The handler behind <see cref="ClientName"/>: connections pass the SSRF guard, nothing is added to requests.</summary>
    public static SocketsHttpHandler Handler(SsrfGuard guard) => new()
    {
        ConnectCallback = guard.ConnectAsync,
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        // No traceparent or baggage: the platform's trace ids are not the receiver's business.
        ActivityHeadersPropagator = null,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
    };

    public async Task<WebhookSendResult> SendAsync(string url, string secret, string messageId, string payload, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        if (!guard.TryValidateUrl(url, out _, out _)) return new(false, null, 0, RefusedPhrase);
        var now = clock.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(payload)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation("webhook-id", messageId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", new StandardWebhook(secret).Sign(messageId, now, payload));
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? new(true, status, Elapsed(started), null)
                : new(false, status, Elapsed(started), $"it answered HTTP {status}");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return new(false, null, Elapsed(started), OutboundFailure.Describe(ex));
        }
    }

    static double Elapsed(long started) => Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1);
}
