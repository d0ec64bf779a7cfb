using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// A minimal OAuth authorization server for tests: publishes OpenID metadata and a JWKS on a free loopback port and
/// signs ES256 access tokens, so the hub's resource-server mode is checked against real signatures and metadata.
/// </summary>
public sealed class TestIssuer : IAsyncDisposable
{
    WebApplication app = null!;
    readonly ECDsaSecurityKey key = new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "test-key-1" };

    public string Issuer { get; private set; } = "";

    /// <summary>Starts an issuer; <paramref name="metadataIssuer"/> is what its metadata calls itself (an Entra template), else its URL.</summary>
    public static async Task<TestIssuer> StartAsync(string? metadataIssuer = null)
    {
        var issuer = new TestIssuer();
        var (app, baseAddress) = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = metadataIssuer ?? issuer.Issuer,
                ["jwks_uri"] = issuer.Issuer + "/jwks",
                ["token_endpoint"] = issuer.Issuer + "/token",
                ["authorization_endpoint"] = issuer.Issuer + "/authorize",
            }));
            app.MapGet("/jwks", () =>
            {
                var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(issuer.key);
                return Results.Json(new { keys = new[] { new { kty = jwk.Kty, crv = jwk.Crv, x = jwk.X, y = jwk.Y, kid = jwk.Kid, use = "sig", alg = "ES256" } } });
            });
        });
        (issuer.app, issuer.Issuer) = (app, baseAddress.ToString().TrimEnd('/'));
        return issuer;
    }

    /// <summary>An access token; any part can be made wrong to test a refusal.</summary>
    public string Token(string audience, string tenant, string subject = "user-1", string? role = null, TimeSpan? lifetime = null, string? issuer = null, SecurityKey? signWith = null,
        IReadOnlyDictionary<string, object>? extraClaims = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + (lifetime ?? TimeSpan.FromMinutes(5));
        var claims = new Dictionary<string, object> { ["tenant"] = tenant, ["sub"] = subject };
        if (role is not null) claims["role"] = role;
        foreach (var (name, value) in extraClaims ?? new Dictionary<string, object>()) claims[name] = value;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = expires < now ? expires.AddMinutes(-5) : now,
            NotBefore = expires < now ? expires.AddMinutes(-5) : now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(signWith ?? key, SecurityAlgorithms.EcdsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
