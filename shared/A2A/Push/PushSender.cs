using System.Net.Http.Headers;
using Marketplace.A2A.Protocol;
using Marketplace.A2A.Server;
using Marketplace.A2A.Tasks;
using Marketplace.Registry;
using Marketplace.Security;
using Microsoft.Extensions.Options;

namespace Marketplace.A2A.Push;

/// <summary>
/// Delivers one notification: the StreamResponse as the body (as the HTTP+JSON binding writes it), the config's own
/// Authorization and token, and the marketplace's JWT. Throws on failure so the orchestration retries with backoff.
/// </summary>
public sealed class PushSender(IPushConfigStore configs, IHttpClientFactory clients, SsrfGuard guard, PushTokens tokens, IOptions<PushOptions> options)
{
    public const string TokenHeader = "X-A2A-Notification-Token";
    public const string JwtHeader = "X-Marketplace-Push-JWT";

    /// <summary>False when the config is gone (deleted meanwhile): nothing to deliver.</summary>
    public async Task<bool> SendAsync(PushDelivery delivery, CancellationToken ct)
    {
        var config = await configs.GetAsync(delivery.TenantId, delivery.TaskId, delivery.ConfigId, ct);
        if (config is null) return false;
        // Checked again at send time: DNS may now point somewhere it did not at registration.
        if (!guard.TryValidateUrl(config.Url, out _, out var error)) throw new InvalidOperationException($"Webhook refused: {error}");

        var body = System.Text.Encoding.UTF8.GetBytes(ProtoJson.Serialize(delivery.Payload.Event));
        var jwt = await tokens.CreateAsync(delivery.Issuer, config.Url, delivery.TaskId, delivery.Payload.NotificationId, body, ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, config.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(RestBinding.ContentType);
        request.Headers.TryAddWithoutValidation("X-A2A-Notification-Id", delivery.Payload.NotificationId);
        if (config.Token is { } token) request.Headers.TryAddWithoutValidation(TokenHeader, token);
        // The config's own credentials take Authorization; otherwise the marketplace's JWT does.
        request.Headers.TryAddWithoutValidation("Authorization", config.Authentication is { } auth
            ? $"{auth.Scheme} {auth.Credentials}".Trim()
            : $"Bearer {jwt}");
        request.Headers.TryAddWithoutValidation(JwtHeader, jwt);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.Timeout);
        using var response = await clients.CreateClient(CardFetcher.ClientName).SendAsync(request, timeout.Token);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"The webhook answered {(int)response.StatusCode}.");
        return true;
    }
}
