using System.Security.Cryptography;
using System.Text;
using Marketplace.Hosting;
using Marketplace.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Marketplace.Tenancy;

/// <summary>Why a credential was refused: 401 (bad credential; <see cref="InvalidToken"/> for a refused JWT) or 403 (not a member).</summary>
public sealed record AuthFailure(int Status, string Description, bool InvalidToken = false);

/// <summary>The caller, or why the presented credential was refused.</summary>
public sealed record Authentication(Caller? Caller, AuthFailure? Failure)
{
    public static Authentication Of(Caller caller) => new(caller, null);
    public static Authentication Refused(AuthFailure failure) => new(null, failure);
}

/// <summary>
/// The one authenticator of REST, A2A and MCP. Resolves the caller from <c>X-API-Key</c> or <c>Authorization:
/// Bearer</c>: a marketplace key, the admin key, or (when an issuer is configured) a JWT access token. A token's
/// tenant is the <c>X-Tenant</c> header's, else the principal's only (or oldest) membership; its role always comes
/// from the membership. Never logs or echoes a credential.
/// </summary>
public sealed class Authenticator(IApiKeyStore keys, IMemberStore members, TokenValidator tokens, IOptions<MarketplaceOptions> options)
{
    public const string TenantHeader = "X-Tenant";

    readonly byte[] adminKeyHash = SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.AdminKey));

    public async Task<Authentication> AuthenticateAsync(HttpContext http)
    {
        var presented = ReadKey(http.Request);
        if (presented is null) return Authentication.Of(Caller.Anonymous);
        if (CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), adminKeyHash))
            return Authentication.Of(Caller.PlatformAdmin);
        if (ApiKeyFormat.TryParse(presented, out var tenantId, out var keyId, out var secret))
        {
            var key = await keys.GetAsync(tenantId, keyId, http.RequestAborted);
            if (key is null || key.RevokedAt is not null || !ApiKeyFormat.Matches(secret, key.SecretHash))
                return Authentication.Refused(new AuthFailure(401, "The API key is unknown, malformed or revoked."));
            return Authentication.Of(new Caller(false, key.TenantId, key.KeyId, key.Role)
            {
                PrincipalId = key.CreatedBy,
                Scopes = key.Scopes is { Count: > 0 } scopes ? scopes.ToHashSet(StringComparer.Ordinal) : null,
            });
        }
        if (tokens.Enabled && TokenValidator.LooksLikeJwt(presented)) return await FromTokenAsync(presented, http);
        return Authentication.Refused(new AuthFailure(401, "The credential is not a marketplace key or an access token this marketplace accepts."));
    }

    async Task<Authentication> FromTokenAsync(string token, HttpContext http)
    {
        var (identity, rejection) = await tokens.ValidateAsync(token, http.RequestAborted);
        if (identity is null) return Authentication.Refused(new AuthFailure(401, rejection!, InvalidToken: true));
        var signedIn = new Caller(false, null, null, null) { PrincipalId = identity.PrincipalId, Kind = identity.Kind };
        http.Items[typeof(TokenIdentity)] = identity;
        Membership? membership;
        if (http.Request.Headers.TryGetValue(TenantHeader, out var named) && named.ToString().Trim() is { Length: > 0 } tenantId)
        {
            // Not a member and no such tenant answer alike: the header reveals nothing about other tenants.
            membership = await members.GetAsync(tenantId, identity.PrincipalId, http.RequestAborted);
            if (membership is null) return Authentication.Refused(new AuthFailure(403, $"You are not a member of tenant '{tenantId}'."));
        }
        else
        {
            var all = await members.ForPrincipalAsync(identity.PrincipalId, http.RequestAborted);
            membership = all.Count == 0 ? null : await members.GetAsync(all[0].TenantId, identity.PrincipalId, http.RequestAborted);
        }
        return Authentication.Of(membership is null ? signedIn : signedIn with { TenantId = membership.TenantId, Role = membership.Role });
    }

    static string? ReadKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue("X-API-Key", out var apiKey) && !string.IsNullOrWhiteSpace(apiKey)) return apiKey.ToString().Trim();
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }
}
