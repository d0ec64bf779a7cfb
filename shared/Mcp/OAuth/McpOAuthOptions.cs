using System.ComponentModel.DataAnnotations;

namespace Marketplace.Mcp.OAuth;

/// <summary>
/// OAuth 2.1 resource-server mode of <c>/mcp</c>, on when <c>Issuer</c> is set: access tokens from that
/// authorization server are accepted beside marketplace keys.
/// </summary>
public sealed class McpOAuthOptions
{
    public const string Section = "Mcp:OAuth";

    /// <summary>The authorization server's issuer identifier (the <c>iss</c> its tokens carry).</summary>
    [Url]
    public string? Issuer { get; set; }

    /// <summary>Where its metadata (with <c>jwks_uri</c>) is; default <c>{Issuer}/.well-known/openid-configuration</c>.</summary>
    [Url]
    public string? MetadataAddress { get; set; }

    /// <summary>The required <c>aud</c>; default the canonical URL of the MCP endpoint, <c>{public base}/mcp</c>.</summary>
    public string? Audience { get; set; }

    /// <summary>The claim naming the marketplace tenant the token acts for.</summary>
    [Required]
    public string TenantClaim { get; set; } = "tenant";

    /// <summary>The claim holding the caller's marketplace role (owner, developer, …); absent means developer.</summary>
    [Required]
    public string RoleClaim { get; set; } = "role";

    public bool Enabled => !string.IsNullOrEmpty(Issuer);
}
