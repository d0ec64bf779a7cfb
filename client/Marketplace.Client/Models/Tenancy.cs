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
