using Azure;
using Azure.Data.Tables;
using Marketplace.Storage;

namespace Marketplace.Tenancy;

public sealed class TableApiKeyStore(Tables tables) : IApiKeyStore
{
    TableClient Table => tables.Get(Tables.ApiKeysTable);

    public Task CreateAsync(ApiKeyRecord key, CancellationToken ct) => Table.AddEntityAsync(new TableEntity(key.TenantId, key.KeyId)
    {
        ["Name"] = key.Name,
        ["Role"] = key.Role.ToString(),
        ["SecretHash"] = key.SecretHash,
        ["CreatedAt"] = key.CreatedAt,
        ["RevokedAt"] = key.RevokedAt,
        ["CreatedBy"] = key.CreatedBy,
        ["Scopes"] = key.Scopes is { Count: > 0 } scopes ? string.Join(' ', scopes) : null,
    }, ct);

    public async Task<ApiKeyRecord?> GetAsync(string tenantId, string keyId, CancellationToken ct)
    {
        var e = await Tables.FindAsync<TableEntity>(Table, tenantId, keyId, ct);
        return e is null ? null : Map(e);
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string tenantId, CancellationToken ct)
    {
        var keys = new List<ApiKeyRecord>();
        await foreach (var e in Table.QueryAsync<TableEntity>(x => x.PartitionKey == tenantId, cancellationToken: ct)) keys.Add(Map(e));
        return keys.OrderBy(k => k.CreatedAt).ThenBy(k => k.KeyId, StringComparer.Ordinal).ToList();
    }

    public async Task<bool> RevokeAsync(string tenantId, string keyId, DateTimeOffset at, CancellationToken ct)
    {
        var e = await Tables.FindAsync<TableEntity>(Table, tenantId, keyId, ct);
        if (e is null) return false;
        if (e.GetDateTimeOffset("RevokedAt") is not null) return true;
        try
        {
            await Table.UpdateEntityAsync(new TableEntity(tenantId, keyId) { ["RevokedAt"] = at }, e.ETag, TableUpdateMode.Merge, ct);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            // Someone else changed the key meanwhile; the only change a key ever gets is revocation, so it is revoked.
        }
        return true;
    }

    static ApiKeyRecord Map(TableEntity e) => new(
        e.PartitionKey, e.RowKey, e.GetString("Name"), Enum.Parse<Role>(e.GetString("Role")), e.GetString("SecretHash"),
        e.GetDateTimeOffset("CreatedAt")!.Value, e.GetDateTimeOffset("RevokedAt"))
    {
        CreatedBy = e.GetString("CreatedBy"),
        Scopes = e.GetString("Scopes")?.Split(' ', StringSplitOptions.RemoveEmptyEntries),
    };
}
