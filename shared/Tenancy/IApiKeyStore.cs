namespace Marketplace.Tenancy;

/// <summary>API keys, partitioned by tenant; looked up by the key's public prefix.</summary>
public interface IApiKeyStore
{
    Task CreateAsync(ApiKeyRecord key, CancellationToken ct);

    Task<ApiKeyRecord?> GetAsync(string tenantId, string keyId, CancellationToken ct);

    Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string tenantId, CancellationToken ct);

    /// <summary>Marks the key revoked; false when the tenant has no such key. Revoking twice keeps the first time.</summary>
    Task<bool> RevokeAsync(string tenantId, string keyId, DateTimeOffset at, CancellationToken ct);
}
