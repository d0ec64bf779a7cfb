using Marketplace.Identity;

namespace Marketplace.Tenancy;

/// <summary>
/// Who is calling: the platform admin, a tenant key with one role, or a signed-in user or service principal acting
/// with its membership's role in one tenant (or in none yet). Never carries the secret or the token.
/// </summary>
public sealed record Caller(bool IsAdmin, string? TenantId, string? KeyId, Role? Role)
{
    /// <summary>The signed-in user or service principal; for a key, who created it.</summary>
    public string? PrincipalId { get; init; }

    public PrincipalKind? Kind { get; init; }

    /// <summary>A key's scopes, narrowing its role (see <see cref="KeyScopes"/>); null: the whole role.</summary>
    public IReadOnlySet<string>? Scopes { get; init; }

    /// <summary>Who to audit and grant by: the key id, else the signed-in principal.</summary>
    public string? Principal => KeyId ?? PrincipalId;

    public static Caller Anonymous { get; } = new(false, null, null, null);
    public static Caller PlatformAdmin { get; } = new(true, null, null, null);

    /// <summary>A signed-in principal with no tenant to act for (yet) is authenticated too: it may read itself and accept invitations.</summary>
    public bool IsAuthenticated => IsAdmin || TenantId is not null || (KeyId is null && PrincipalId is not null);

    public bool IsSignedIn => KeyId is null && PrincipalId is not null;

    /// <summary>The admin acts for any tenant; a key or member only for its own.</summary>
    public bool CanActFor(string tenantId) => IsAdmin || string.Equals(TenantId, tenantId, StringComparison.Ordinal);

    public bool HasScope(string scope) => Scopes is null || Scopes.Contains(scope);
}
