namespace Marketplace.Tenancy;

/// <summary>A stored key: only the SHA-256 of its secret is kept.</summary>
public sealed record ApiKeyRecord(
    string TenantId, string KeyId, string Name, Role Role, string SecretHash, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public ApiKeyView ToView() => new(KeyId, Name, Role, ApiKeyFormat.Prefix(TenantId, KeyId), CreatedAt, RevokedAt);
}

/// <summary>A key as listed: never the secret or its hash.</summary>
public sealed record ApiKeyView(string KeyId, string Name, Role Role, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>Returned once, at creation: the only time the full key is ever shown.</summary>
public sealed record CreatedApiKey(string KeyId, string Name, Role Role, string Prefix, DateTimeOffset CreatedAt, string Key);

public sealed record CreateApiKeyRequest(Role Role, string? Name = null);
