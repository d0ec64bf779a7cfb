namespace Marketplace.Tenancy;

/// <summary>
/// A stored key: only the SHA-256 of its secret is kept. <c>CreatedBy</c> is who made it: a member's principal id,
/// the key id of the key that made it, or <c>admin</c>; a member removed from the tenant loses the keys they created.
/// </summary>
public sealed record ApiKeyRecord(
    string TenantId, string KeyId, string Name, Role Role, string SecretHash, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public string? CreatedBy { get; init; }

    /// <summary>Null or empty: the whole role; otherwise only what these <see cref="KeyScopes"/> name.</summary>
    public IReadOnlyList<string>? Scopes { get; init; }

    public ApiKeyView ToView() => new(KeyId, Name, Role, ApiKeyFormat.Prefix(TenantId, KeyId), CreatedAt, RevokedAt) { CreatedBy = CreatedBy, Scopes = Scopes };
}

/// <summary>A key as listed: never the secret or its hash.</summary>
public sealed record ApiKeyView(string KeyId, string Name, Role Role, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public string? CreatedBy { get; init; }

    public IReadOnlyList<string>? Scopes { get; init; }
}

/// <summary>Returned once, at creation: the only time the full key is ever shown.</summary>
public sealed record CreatedApiKey(string KeyId, string Name, Role Role, string Prefix, DateTimeOffset CreatedAt, string Key)
{
    public string? CreatedBy { get; init; }

    public IReadOnlyList<string>? Scopes { get; init; }
}

/// <summary>A new key; <c>scopes</c> (<c>agents:call</c>, <c>billing:read</c>) narrow its role.</summary>
public sealed record CreateApiKeyRequest(Role Role, string? Name = null, IReadOnlyList<string>? Scopes = null);
