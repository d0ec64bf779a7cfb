using Azure;
using Azure.Data.Tables;
using Marketplace.Storage;

namespace Marketplace.Mcp;

/// <summary>Tools table: partition = tenant, row = tool name (so names are unique per tenant and list in order).</summary>
public sealed class TableToolStore(Tables tables) : IToolStore
{
    TableClient Table => tables.Get(Tables.ToolsTable);

    public Task<bool> CreateAsync(RegisteredTool tool, CancellationToken ct) => Tables.TryAddAsync(Table, Entity(tool), ct);

    public async Task<RegisteredTool?> GetAsync(string tenantId, string name, CancellationToken ct)
    {
        var e = await Tables.FindAsync<TableEntity>(Table, tenantId, name, ct);
        return e is null ? null : TableJson.Read<RegisteredTool>(e);
    }

    public async Task<IReadOnlyList<RegisteredTool>> ListAsync(string tenantId, CancellationToken ct)
    {
        var tools = await TableJson.QueryAsync<RegisteredTool>(Table, TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"), ct);
        return tools.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
    }

    public async Task<RegisteredTool?> UpdateAsync(string tenantId, string name, Func<RegisteredTool, RegisteredTool> change, CancellationToken ct)
    {
        while (true)
        {
            var e = await Tables.FindAsync<TableEntity>(Table, tenantId, name, ct);
            if (e is null) return null;
            var updated = change(TableJson.Read<RegisteredTool>(e));
            try
            {
                await Table.UpdateEntityAsync(Entity(updated), e.ETag, TableUpdateMode.Replace, ct);
                return updated;
            }
            catch (RequestFailedException ex) when (ex.Status is 412 or 404)
            {
                // Someone else changed or removed it meanwhile: decide again on what is there now.
            }
        }
    }

    public Task<bool> DeleteAsync(string tenantId, string name, CancellationToken ct) => Tables.TryDeleteAsync(Table, tenantId, name, ct);

    static TableEntity Entity(RegisteredTool tool) => TableJson.Entity(tool.TenantId, tool.Name, tool);
}
