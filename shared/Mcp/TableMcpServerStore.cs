using Azure.Data.Tables;
using Marketplace.Storage;

namespace Marketplace.Mcp;

/// <summary>McpServers table: partition = tenant, row = prefix.</summary>
public sealed class TableMcpServerStore(Tables tables) : IMcpServerStore
{
    TableClient Table => tables.Get(Tables.McpServersTable);

    public Task<bool> CreateAsync(McpServerRegistration server, CancellationToken ct) => Tables.TryAddAsync(Table, Entity(server), ct);

    public async Task<McpServerRegistration?> GetAsync(string tenantId, string prefix, CancellationToken ct)
    {
        var e = await Tables.FindAsync<TableEntity>(Table, tenantId, prefix, ct);
        return e is null ? null : TableJson.Read<McpServerRegistration>(e);
    }

    public async Task<IReadOnlyList<McpServerRegistration>> ListAsync(string tenantId, CancellationToken ct) =>
        await TableJson.QueryAsync<McpServerRegistration>(Table, TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"), ct);

    public async Task SaveAsync(McpServerRegistration server, CancellationToken ct) => await Table.UpsertEntityAsync(Entity(server), TableUpdateMode.Replace, ct);

    public Task<bool> DeleteAsync(string tenantId, string prefix, CancellationToken ct) => Tables.TryDeleteAsync(Table, tenantId, prefix, ct);

    static TableEntity Entity(McpServerRegistration server) => TableJson.Entity(server.TenantId, server.Prefix, server);
}
