using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Marketplace.Tests.Webhooks;

/// <summary>One request a receiver got, copied before the response recycles it.</summary>
public sealed record ReceivedWebhook(DateTimeOffset At, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonNode Json => JsonNode.Parse(Body)!;

    public string Id => Headers["webhook-id"];
}

/// <summary>
/// A webhook receiver on a free loopback port. <c>answer</c> picks each request's status from its 1-based count
/// (or hangs while it returns 0); every request is recorded.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    readonly WebApplication app;
    int count;

    WebhookReceiver(WebApplication app, Uri baseAddress) => (this.app, Url) = (app, new Uri(baseAddress, "hook").ToString());

    public string Url { get; }

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    public static async Task<WebhookReceiver> StartAsync(Func<int, int>? answer = null)
    {
        WebhookReceiver? receiver = null;
        var (app, baseAddress) = await LoopbackServer.StartAsync(app => app.Run(async http =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            var self = receiver!;
            self.Received.Enqueue(new ReceivedWebhook(DateTimeOffset.UtcNow,
                http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));
            var status = (answer ?? (_ => 200))(Interlocked.Increment(ref self.count));
            if (status == 0)
            {
                // Hang until the sender gives up and closes the connection.
                await Task.Delay(Timeout.Infinite, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }
            http.Response.StatusCode = status;
        }));
        receiver = new WebhookReceiver(app, baseAddress);
        return receiver;
    }

    /// <summary>Waits for a request matching <paramref name="match"/>.</summary>
    public Task<ReceivedWebhook> WaitForAsync(Func<ReceivedWebhook, bool> match, TimeSpan? timeout = null) =>
        Eventually.Get(() => Task.FromResult(Received.FirstOrDefault(match)), timeout);

    /// <summary>
    /// Checks a request the way the Standard Webhooks spec tells receivers to, written here from the spec: HMAC-SHA256,
    /// keyed with the base64-decoded secret after <c>whsec_</c>, over <c>{id}.{timestamp}.{body}</c>, compared with one
    /// of the space-separated <c>v1,</c> signatures; the timestamp within five minutes.
    /// </summary>
    public static bool SignatureIsValid(ReceivedWebhook request, string secret)
    {
        if (!request.Headers.TryGetValue("webhook-id", out var id) || !request.Headers.TryGetValue("webhook-timestamp", out var timestamp)
            || !request.Headers.TryGetValue("webhook-signature", out var signatures)) return false;
        if (!long.TryParse(timestamp, out var seconds) || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > 300) return false;
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{request.Body}")));
        return signatures.Split(' ').Any(s => s.StartsWith("v1,", StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s[3..]), Encoding.ASCII.GetBytes(expected)));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
