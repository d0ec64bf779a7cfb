using Marketplace.Security;
using Marketplace.Tenancy;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Marketplace.Mcp.OAuth;

/// <summary>Why a token was refused, in the words of RFC 6750's <c>error_description</c>.</summary>
public sealed record TokenRejection(string Description);

/// <summary>
/// Validates OAuth access tokens for <c>/mcp</c>: signature against the issuer's published keys (cached and
/// refreshed by the metadata manager), issuer, audience = the canonical MCP URL, and lifetime.
/// </summary>
public sealed class AccessTokenValidator
{
    readonly McpOAuthOptions options;
    readonly ConfigurationManager<OpenIdConnectConfiguration>? metadata;
    readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };

    public AccessTokenValidator(IOptions<McpOAuthOptions> options, IOptions<OutboundOptions> outbound, IHttpClientFactory clients)
    {
        this.options = options.Value;
        if (!this.options.Enabled) return;
        var address = this.options.MetadataAddress ?? this.options.Issuer!.TrimEnd('/') + "/.well-known/openid-configuration";
        metadata = new ConfigurationManager<OpenIdConnectConfiguration>(address, new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(clients.CreateClient()) { RequireHttps = !outbound.Value.AllowHttp });
    }

    /// <summary>A JWT is three base64url segments; marketplace keys never contain two dots in that shape.</summary>
    public static bool LooksLikeJwt(string credential) => credential.Count(c => c == '.') == 2 && !credential.StartsWith("mk.", StringComparison.Ordinal);

    public async Task<(Caller? Caller, TokenRejection? Rejection)> ValidateAsync(string token, string audience, CancellationToken ct)
    {
        if (metadata is null) return (null, new TokenRejection("This endpoint does not accept OAuth access tokens."));
        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await metadata.GetConfigurationAsync(ct);
        }
        catch (InvalidOperationException)
        {
            // The authorization server is unreachable: the token cannot be checked, so it is not accepted.
            return (null, new TokenRejection("The authorization server's keys are unavailable."));
        }
        var result = await handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudience = options.Audience ?? audience,
            IssuerSigningKeys = configuration.SigningKeys,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
        });
        if (!result.IsValid) return (null, new TokenRejection(Describe(result.Exception)));
        var claims = result.ClaimsIdentity;
        var tenant = claims.FindFirst(options.TenantClaim)?.Value;
        if (string.IsNullOrEmpty(tenant)) return (null, new TokenRejection($"The token has no '{options.TenantClaim}' claim."));
        var role = Role.Developer;
        if (claims.FindFirst(options.RoleClaim)?.Value is { } r && !Http.EnumNames.TryParse(r, out role))
            return (null, new TokenRejection($"The token's '{options.RoleClaim}' claim is not a marketplace role."));
        return (new Caller(false, tenant, null, role) { Subject = claims.FindFirst("sub")?.Value }, null);
    }

    static string Describe(Exception? error) => error switch
    {
        SecurityTokenExpiredException => "The token has expired.",
        SecurityTokenInvalidAudienceException => "The token is not for this resource (audience).",
        SecurityTokenInvalidIssuerException => "The token is from another issuer.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The token's signature is invalid.",
        SecurityTokenNoExpirationException => "The token has no expiry.",
        _ => "The token is malformed or invalid.",
    };
}
