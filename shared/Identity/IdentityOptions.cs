using System.ComponentModel.DataAnnotations;

namespace Marketplace.Identity;

/// <summary>
/// OpenID Connect sign-in, on when <c>Issuer</c> is set: bearer JWTs from that issuer are accepted on every API (REST,
/// A2A, MCP) beside marketplace keys. Entra ID: <c>https://login.microsoftonline.com/{directory}/v2.0</c>, or the
/// <c>organizations</c>/<c>common</c> form for a multi-tenant registration (each directory's issuer is then accepted).
/// </summary>
public sealed class IdentityOptions : IValidatableObject
{
    public const string Section = "Identity";

    /// <summary>The issuer identifier its tokens carry in <c>iss</c>; empty (as Bicep writes it when unset): sign-in off.</summary>
    public string? Issuer { get; set; }

    /// <summary>Where its metadata (with <c>jwks_uri</c>) is; default <c>{Issuer}/.well-known/openid-configuration</c>.</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>
    /// The API's resource identifier, the <c>aud</c> its access tokens must carry (Entra: the app's client id or its
    /// <c>api://</c> id URI); default the public base URL. The canonical MCP URL (<c>{base}/mcp</c>) is accepted as well,
    /// as MCP clients ask for tokens for it (RFC 8707, RFC 9728).
    /// </summary>
    public string? Audience { get; set; }

    /// <summary>The app registration's client id (documentation for clients and the console; Entra's <c>aud</c> when no Audience is set).</summary>
    public string? ClientId { get; set; }

    /// <summary>
    /// The scope(s) a client asks for to call the API, space-separated, published as <c>scopes_supported</c> in the
    /// protected-resource metadata (the local provider: <c>marketplace</c>; Entra ID: <c>api://{client id}/access_as_user</c>).
    /// </summary>
    public string? Scope { get; set; }

    /// <summary>
    /// Multi-tenant Entra ID only: the directories (<c>tid</c>) whose users and services may sign in; empty: any
    /// directory (memberships still decide what each may do).
    /// </summary>
    public List<string> AllowedTenants { get; set; } = [];

    /// <summary>
    /// Addresses or networks (<c>10.0.0.4</c>, <c>10.0.0.0/16</c>) of the reverse proxies in front of the API whose
    /// <c>X-Forwarded-For</c> the audit log believes; empty: the connection's own address is recorded.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    public IReadOnlyList<System.Net.IPNetwork> TrustedProxyNetworks() =>
        TrustedProxies.Select(p => Audit.ClientAddress.TryParse(p, out var network) ? network : throw new InvalidOperationException($"Identity:TrustedProxies: '{p}' is not an address or network.")).ToList();

    /// <summary>
    /// The browser console's client id at the issuer (a public client, authorization code with PKCE); the console offers
    /// sign-in only when this and <c>Issuer</c> are set. Entra ID: the console's single-page-application registration.
    /// </summary>
    public string? ConsoleClientId { get; set; }

    /// <summary>What the console asks for, space-separated (Entra ID: add <c>api://{client id}/access_as_user</c>).</summary>
    public string ConsoleScopes { get; set; } = "openid profile email";

    /// <summary>
    /// The resource indicator (RFC 8707) the console names in its authorization request, so a provider that issues
    /// access tokens per resource issues one for this API; empty for Entra ID, whose v2 endpoint names the API by scope.
    /// </summary>
    public string? ConsoleResource { get; set; }

    public bool ConsoleSignIn => Enabled && !string.IsNullOrEmpty(ConsoleClientId);

    /// <summary>Tolerated clock difference with the issuer.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrEmpty(Issuer);

    /// <summary>A multi-tenant Entra ID authority: issuers vary per directory and are checked with the directory's id.</summary>
    public bool IsEntraMultiTenant => Issuer is { } i && (i.Contains("/organizations/", StringComparison.OrdinalIgnoreCase) || i.Contains("/common/", StringComparison.OrdinalIgnoreCase));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && !IsHttpUrl(Issuer)) yield return new ValidationResult("Identity:Issuer must be an absolute http(s) URL.", [nameof(Issuer)]);
        if (!string.IsNullOrEmpty(MetadataAddress) && (!Enabled || !IsHttpUrl(MetadataAddress)))
            yield return new ValidationResult("Identity:MetadataAddress must be an absolute http(s) URL, and needs Identity:Issuer.", [nameof(MetadataAddress)]);
        foreach (var proxy in TrustedProxies.Where(p => !Audit.ClientAddress.TryParse(p, out _)))
            yield return new ValidationResult($"Identity:TrustedProxies: '{proxy}' is not an IP address or network (address/prefix).", [nameof(TrustedProxies)]);
        if (AllowedTenants.Count > 0 && !IsEntraMultiTenant)
            yield return new ValidationResult("Identity:AllowedTenants applies only to a multi-tenant Entra ID authority (organizations or common).", [nameof(AllowedTenants)]);
        if (!string.IsNullOrEmpty(ConsoleResource) && !Uri.TryCreate(ConsoleResource, UriKind.Absolute, out _))
            yield return new ValidationResult("Identity:ConsoleResource must be an absolute URI.", [nameof(ConsoleResource)]);
        if (!string.IsNullOrEmpty(ConsoleClientId) && !ConsoleScopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("openid"))
            yield return new ValidationResult("Identity:ConsoleScopes must include openid.", [nameof(ConsoleScopes)]);
    }

    static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
