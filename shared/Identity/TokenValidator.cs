using Marketplace.Security;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Marketplace.Identity;

/// <summary>Who a valid token names: the principal id and kind, and the profile claims it carried.</summary>
public sealed record TokenIdentity(string PrincipalId, PrincipalKind Kind, string Issuer, string Subject, string? DisplayName, string? Email);

/// <summary>
/// Validates bearer JWTs: signature against the issuer's published keys (the metadata manager caches them and
/// refetches on an unknown key id, so a key rollover is picked up), issuer, audience and lifetime. Unsigned tokens
/// (<c>alg: none</c>) are refused: the handler accepts only signatures checked against those keys.
/// </summary>
public sealed class TokenValidator
{
    readonly IdentityOptions options;
    readonly IReadOnlyList<string> audiences;
    readonly ConfigurationManager<OpenIdConnectConfiguration>? metadata;
    readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };

    public TokenValidator(IOptions<IdentityOptions> options, IOptions<Hosting.MarketplaceOptions> marketplace, IOptions<OutboundOptions> outbound, IHttpClientFactory clients)
    {
        this.options = options.Value;
        var baseUrl = Hosting.PublicUrls.Base(marketplace.Value);
        var audience = new[] { this.options.Audience, this.options.ClientId, baseUrl }.First(a => !string.IsNullOrEmpty(a))!;
        audiences = new[] { audience, baseUrl + "/mcp" }.Distinct().ToList();
        if (!this.options.Enabled) return;
        var address = string.IsNullOrEmpty(this.options.MetadataAddress)
            ? this.options.Issuer!.TrimEnd('/') + "/.well-known/openid-configuration"
            : this.options.MetadataAddress;
        metadata = new ConfigurationManager<OpenIdConnectConfiguration>(address, new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(clients.CreateClient()) { RequireHttps = !outbound.Value.AllowHttp });
    }

    public bool Enabled => metadata is not null;

    /// <summary>A JWT is three base64url segments; marketplace keys start with <c>mk.</c> and have four.</summary>
    public static bool LooksLikeJwt(string credential) => credential.Count(c => c == '.') == 2 && !credential.StartsWith("mk.", StringComparison.Ordinal);

    /// <summary>The identity, or why the token is refused (in the words of RFC 6750's <c>error_description</c>).</summary>
    public async Task<(TokenIdentity? Identity, string? Rejection)> ValidateAsync(string token, CancellationToken ct)
    {
        if (metadata is null) return (null, "This marketplace accepts no access tokens: no issuer is configured.");
        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await metadata.GetConfigurationAsync(ct);
        }
        catch (InvalidOperationException)
        {
            // The issuer is unreachable: the token cannot be checked, so it is not accepted.
            return (null, "The issuer's keys are unavailable.");
        }
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = options.IsEntraMultiTenant ? null : options.Issuer,
            ValidAudiences = audiences,
            IssuerSigningKeys = configuration.SigningKeys,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = options.ClockSkew,
        };
        if (options.IsEntraMultiTenant)
            parameters.IssuerValidator = EntraIssuer.Validator(configuration.Issuer ?? EntraIssuer.DefaultTemplate(options.Issuer!), options.AllowedTenants);
        var result = await handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // An unknown key id: the issuer may have rolled its keys. Refetch once (the manager rate-limits refreshes).
            metadata.RequestRefresh();
            parameters.IssuerSigningKeys = (await metadata.GetConfigurationAsync(ct)).SigningKeys;
            result = await handler.ValidateTokenAsync(token, parameters);
        }
        if (!result.IsValid) return (null, Describe(result.Exception));
        // Multi-valued claims (aud) are not needed here: the first value of each is kept.
        var claims = result.ClaimsIdentity.Claims.GroupBy(c => c.Type, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
        return Identify(claims, result.Issuer);
    }

    /// <summary>
    /// Entra ID tokens name the directory (<c>tid</c>) and object (<c>oid</c>); a service's token says <c>idtyp=app</c>.
    /// Other issuers: <c>sub</c>, and a client-credentials token is the one whose subject is its own client
    /// (<c>sub</c> = <c>client_id</c>/<c>azp</c>, RFC 9068 §2.2).
    /// </summary>
    static (TokenIdentity?, string?) Identify(IReadOnlyDictionary<string, string> claims, string issuer)
    {
        var name = claims.GetValueOrDefault("name");
        var email = claims.GetValueOrDefault("email") ?? claims.GetValueOrDefault("preferred_username");
        if (claims.TryGetValue("tid", out var tid) && claims.TryGetValue("oid", out var oid))
        {
            var kind = claims.GetValueOrDefault("idtyp") == "app" ? PrincipalKind.Service : PrincipalKind.User;
            return (new TokenIdentity(PrincipalIds.ForEntra(tid, oid), kind, "entra:" + tid, oid, name ?? claims.GetValueOrDefault("azp"), email), null);
        }
        if (!claims.TryGetValue("sub", out var sub) || sub.Length == 0) return (null, "The token names no subject.");
        var client = claims.GetValueOrDefault("client_id") ?? claims.GetValueOrDefault("azp");
        var service = client is not null && client == sub;
        return (new TokenIdentity(PrincipalIds.For(issuer, sub), service ? PrincipalKind.Service : PrincipalKind.User, issuer, sub, name ?? (service ? sub : null), email), null);
    }

    static string Describe(Exception? error) => error switch
    {
        SecurityTokenExpiredException => "The token has expired.",
        SecurityTokenNotYetValidException => "The token is not valid yet.",
        SecurityTokenInvalidAudienceException => "The token is not for this API (audience).",
        SecurityTokenInvalidIssuerException => "The token is from another issuer.",
        SecurityTokenSignatureKeyNotFoundException => "The token is signed with a key the issuer does not publish.",
        SecurityTokenInvalidSignatureException => "The token's signature is invalid or missing.",
        SecurityTokenNoExpirationException => "The token has no expiry.",
        _ => "The token is malformed or invalid.",
    };
}
