namespace Marketplace.Tenancy;

/// <summary>
/// Who is calling: the platform admin, a tenant key with one role, or (on the MCP endpoint) the subject of an OAuth
/// access token. Never carries the secret or the token.
/// </summary>
public sealed record Caller(bool IsAdmin, string? TenantId, string? KeyId, Role? Role)
{
    /// <summary>The token's <c>sub</c>, when the caller came with an OAuth access token rather than a key.</summary>
    public string? Subject { get; init; }

    /// <summary>Who to audit and grant by: the key id, else the token subject.</summary>
    public string? Principal => KeyId ?? Subject;

    public static Caller Anonymous { get; } = new(false, null, null, null);
    public static Caller PlatformAdmin { get; } = new(true, null, null, null);

    public bool IsAuthenticated => IsAdmin || TenantId is not null;

    /// <summary>The admin acts for any tenant; a key only for its own.</summary>
    public bool CanActFor(string tenantId) => IsAdmin || string.Equals(TenantId, tenantId, StringComparison.Ordinal);
}
