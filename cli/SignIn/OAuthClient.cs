using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Marketplace.Cli.SignIn;

/// <summary>
/// The CLI's side of OAuth with the platform's issuer: discovery, and the token endpoint's grants (device code,
/// authorization code with PKCE, refresh). A public client: it holds no secret, only its client id.
/// </summary>
public sealed class OAuthClient(HttpClient http)
{
    public const string DefaultClientId = "marketplace-cli";

    /// <summary>
    /// The platform names its issuer in its protected-resource metadata (RFC 9728); the issuer's OpenID metadata
    /// names its endpoints. Null when the platform accepts only API keys.
    /// </summary>
    public async Task<SignInTarget?> DiscoverAsync(Uri platform, string clientId, CancellationToken ct)
    {
        var resource = await GetAsync(new Uri(platform, "/.well-known/oauth-protected-resource"), CliJson.Default.ResourceMetadata, allowNotFound: true, ct);
        if (resource?.AuthorizationServers is not [var issuer, ..]) return null;
        var provider = await GetAsync(new Uri(issuer.TrimEnd('/') + "/.well-known/openid-configuration"), CliJson.Default.ProviderMetadata, allowNotFound: false, ct)
            ?? throw new CliException(ExitCodes.Failure, $"The issuer {issuer} publishes no OpenID metadata.");
        if (provider.TokenEndpoint is null) throw new CliException(ExitCodes.Failure, $"The issuer {issuer} names no token endpoint.");
        // Entra ID's v2 endpoints name the API by its scope and refuse the resource parameter; other issuers take it (RFC 8707).
        var target = IsEntra(issuer) ? null : resource.Resource;
        var scope = string.Join(' ', new[] { "openid", "profile", "email", "offline_access" }.Concat(resource.ScopesSupported ?? []).Distinct(StringComparer.Ordinal));
        return new SignInTarget(provider.Issuer ?? issuer, clientId, target, scope, provider.TokenEndpoint, provider.AuthorizationEndpoint,
            provider.DeviceAuthorizationEndpoint, provider.RevocationEndpoint);
    }

    static bool IsEntra(string issuer) => Uri.TryCreate(issuer, UriKind.Absolute, out var uri) && uri.Host.EndsWith("login.microsoftonline.com", StringComparison.OrdinalIgnoreCase);

    public async Task<DeviceAuthorization> StartDeviceAsync(SignInTarget target, CancellationToken ct)
    {
        var endpoint = target.DeviceAuthorizationEndpoint ?? throw new CliException(ExitCodes.Failure, $"The issuer {target.Issuer} offers no device sign-in; run 'mkt login' without --device.");
        return await PostAsync(endpoint, WithResource(target, new() { ["client_id"] = target.ClientId, ["scope"] = target.Scope }), CliJson.Default.DeviceAuthorization, ct);
    }

    public Task<TokenResponse> RedeemDeviceCodeAsync(SignInTarget target, string deviceCode, CancellationToken ct) =>
        PostAsync(target.TokenEndpoint, WithResource(target, new()
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code", ["device_code"] = deviceCode, ["client_id"] = target.ClientId,
        }), CliJson.Default.TokenResponse, ct);

    public Task<TokenResponse> RedeemCodeAsync(SignInTarget target, string code, string redirectUri, string verifier, CancellationToken ct) =>
        PostAsync(target.TokenEndpoint, WithResource(target, new()
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirectUri, ["client_id"] = target.ClientId, ["code_verifier"] = verifier,
        }), CliJson.Default.TokenResponse, ct);

    public Task<TokenResponse> RefreshAsync(Config.SignInSession session, CancellationToken ct) =>
        PostAsync(session.TokenEndpoint, WithResource(session.Resource, new()
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = session.RefreshToken!, ["client_id"] = session.ClientId,
        }), CliJson.Default.TokenResponse, ct);

    /// <summary>RFC 7009: the refresh token is revoked at the issuer, so a copy of the old file cannot sign in again.</summary>
    public async Task<bool> RevokeAsync(Config.SignInSession session, CancellationToken ct)
    {
        if (session.RevocationEndpoint is null || session.RefreshToken is null) return false;
        using var response = await SendAsync(session.RevocationEndpoint, new()
        {
            ["token"] = session.RefreshToken, ["token_type_hint"] = "refresh_token", ["client_id"] = session.ClientId,
        }, ct);
        return response.IsSuccessStatusCode;
    }

    static Dictionary<string, string> WithResource(SignInTarget target, Dictionary<string, string> form) => WithResource(target.Resource, form);

    static Dictionary<string, string> WithResource(string? resource, Dictionary<string, string> form)
    {
        if (resource is not null) form["resource"] = resource;
        return form;
    }

    async Task<T> PostAsync<T>(string endpoint, Dictionary<string, string> form, JsonTypeInfo<T> info, CancellationToken ct) where T : class
    {
        using var response = await SendAsync(endpoint, form, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            var error = TryParse(text, CliJson.Default.OAuthErrorResponse);
            throw new OAuthException(error?.Error ?? $"HTTP {(int)response.StatusCode}", error?.ErrorDescription);
        }
        return TryParse(text, info) ?? throw new CliException(ExitCodes.Failure, $"{endpoint} answered something that is not a token response.");
    }

    async Task<HttpResponseMessage> SendAsync(string endpoint, Dictionary<string, string> form, CancellationToken ct)
    {
        try
        {
            return await http.PostAsync(endpoint, new FormUrlEncodedContent(form), ct);
        }
        catch (HttpRequestException e)
        {
            throw new CliException(ExitCodes.Failure, $"Could not reach the issuer at {endpoint}: {e.Message}");
        }
    }

    async Task<T?> GetAsync<T>(Uri url, JsonTypeInfo<T> info, bool allowNotFound, CancellationToken ct) where T : class
    {
        try
        {
            using var response = await http.GetAsync(url, ct);
            if (allowNotFound && response.StatusCode == System.Net.HttpStatusCode.NotFound) return null;
            if (!response.IsSuccessStatusCode) throw new CliException(ExitCodes.Failure, $"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            return await response.Content.ReadFromJsonAsync(info, ct);
        }
        catch (HttpRequestException e)
        {
            throw new CliException(ExitCodes.Failure, $"Could not reach {url}: {e.Message}");
        }
        catch (JsonException)
        {
            throw new CliException(ExitCodes.Failure, $"{url} is not the JSON metadata it should be.");
        }
    }

    static T? TryParse<T>(string text, JsonTypeInfo<T> info) where T : class
    {
        try
        {
            return text.Length == 0 ? null : JsonSerializer.Deserialize(text, info);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
