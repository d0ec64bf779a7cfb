using System.Security.Cryptography;
using System.Text;
using Marketplace.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Marketplace.Tenancy;

/// <summary>Resolves the caller from <c>X-API-Key</c> or <c>Authorization: Bearer</c>. Never logs or echoes a key.</summary>
public sealed class Authenticator(IApiKeyStore keys, IOptions<MarketplaceOptions> options)
{
    readonly byte[] adminKeyHash = SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.AdminKey));

    /// <summary>The caller, or null when a credential was presented but is unknown, malformed or revoked.</summary>
    public async Task<Caller?> AuthenticateAsync(HttpContext http)
    {
        var presented = ReadKey(http.Request);
        if (presented is null) return Caller.Anonymous;
        if (CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), adminKeyHash))
            return Caller.PlatformAdmin;
        if (!ApiKeyFormat.TryParse(presented, out var tenantId, out var keyId, out var secret)) return null;
        var key = await keys.GetAsync(tenantId, keyId, http.RequestAborted);
        if (key is null || key.RevokedAt is not null || !ApiKeyFormat.Matches(secret, key.SecretHash)) return null;
        return new Caller(false, key.TenantId, key.KeyId, key.Role);
    }

    static string? ReadKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue("X-API-Key", out var apiKey) && !string.IsNullOrWhiteSpace(apiKey)) return apiKey.ToString().Trim();
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }
}
