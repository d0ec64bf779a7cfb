namespace Marketplace.Tenancy;

/// <summary>Who is calling: the platform admin, or a tenant key with one role. Never carries the secret.</summary>
public sealed record Caller(bool IsAdmin, string? TenantId, string? KeyId, Role? Role)
{
    public static Caller Anonymous { get; } = new(false, null, null, null);
    public static Caller PlatformAdmin { get; } = new(true, null, null, null);

    public bool IsAuthenticated => IsAdmin || TenantId is not null;

    /// <summary>The admin acts for any tenant; a key only for its own.</summary>
    public bool CanActFor(string tenantId) => IsAdmin || string.Equals(TenantId, tenantId, StringComparison.Ordinal);
}
