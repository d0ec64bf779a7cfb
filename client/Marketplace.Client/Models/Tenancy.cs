namespace Marketplace.Client.Models;

public sealed record Tenant(string Id, string Name, string Plan, DateTimeOffset CreatedAt);

public sealed record ApiKeyView(string KeyId, string Name, string Role, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>The only answer that ever carries a key's secret.</summary>
public sealed record CreatedApiKey(string KeyId, string Name, string Role, string Prefix, DateTimeOffset CreatedAt, string Key);

public sealed record CreateApiKeyRequest(string Role, string? Name = null);

/// <summary>Body of a tenant's creation (platform admin): a name, a plan the platform offers, and optionally its id.</summary>
public sealed record CreateTenantRequest(string Name, string Plan)
{
    public string? Id { get; init; }
}

/// <summary>
/// <c>GET /api/me</c>: a signed-in user or service (id, kind, profile, memberships) or a key (its id and scopes), and
/// the tenant and role this call acts with.
/// </summary>
public sealed record Me(string? UserId, string? Kind, string? DisplayName, string? Email, string? KeyId, string? CurrentTenant, string? CurrentRole,
    List<string>? Scopes, List<MeMembership> Memberships);

public sealed record MeMembership(string TenantId, string Role, DateTimeOffset JoinedAt);
