using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Marketplace.Identity;

/// <summary>
/// Issuer validation for a multi-tenant Entra ID authority (<c>organizations</c> or <c>common</c>): its metadata
/// publishes the template <c>https://login.microsoftonline.com/{tenantid}/v2.0</c>, and a token is accepted only when
/// its <c>iss</c> is that template filled with the token's own <c>tid</c>, so a directory can never sign for another.
/// With <c>Identity:AllowedTenants</c> set, the directory must also be one of those.
/// </summary>
public static class EntraIssuer
{
    public const string TenantPlaceholder = "{tenantid}";

    public static IssuerValidator Validator(string template, IReadOnlyCollection<string> allowedTenants) => (issuer, token, _) =>
    {
        var tenant = token is JsonWebToken jwt && jwt.TryGetPayloadValue<string>("tid", out var tid) ? tid : null;
        return IsValid(template, issuer, tenant, allowedTenants)
            ? issuer
            : throw new SecurityTokenInvalidIssuerException($"Issuer '{issuer}' is not the issuer of the token's directory.");
    };

    /// <summary>The template when the metadata names none: the authority with its directory segment as the placeholder.</summary>
    public static string DefaultTemplate(string authority) =>
        System.Text.RegularExpressions.Regex.Replace(authority, "/(organizations|common)/", "/" + TenantPlaceholder + "/", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    public static bool IsValid(string template, string issuer, string? tenant, IReadOnlyCollection<string> allowedTenants)
    {
        if (string.IsNullOrEmpty(tenant) || !template.Contains(TenantPlaceholder, StringComparison.OrdinalIgnoreCase)) return false;
        if (allowedTenants.Count > 0 && !allowedTenants.Contains(tenant, StringComparer.OrdinalIgnoreCase)) return false;
        var expected = template.Replace(TenantPlaceholder, tenant, StringComparison.OrdinalIgnoreCase);
        return string.Equals(expected.TrimEnd('/'), issuer.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
    }
}
