using Azure.Data.Tables;
using Marketplace.Storage;

namespace Marketplace.Mcp;

/// <summary>Tools table: partition = tenant, row = tool name (so names are unique per tenant and list in order).</summary>
public sealed class TableToolStore(Tables tables) : IToolStore
{
    TableClient Table => tables.Get(Tables.ToolsTable);

    public Task<bool> CreateAsync(RegisteredTool tool, CancellationToken ct)
    {
        var e = new TableEntity(tool.TenantId, tool.Name);
        TableJson.Write(e, tool);
        return Tables.TryAddAsync(Table, e, ct);
    }

    public async Task<RegisteredTool?> GetAsync(string tenantId, string name, CancellationToken ct)
    {
        var e = await Tables.FindAsync<TableEntity>(Table, tenantId, name, ct);
        return e is null ? null : TableJson.Read<RegisteredTool>(e);
    }

    public async Task<IReadOnlyList<RegisteredTool>> ListAsync(string tenantId, CancellationToken ct)
    {
        var tools = new List<RegisteredTool>();
        await foreach (var e in Table.QueryAsync<TableEntity>(x => x.PartitionKey == tenantId, cancellationToken: ct)) tools.Add(TableJson.Read<RegisteredTool>(e));
        return tools.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
    }

    public Task<bool> DeleteAsync(string tenantId, string name, CancellationToken ct) => Tables.TryDeleteAsync(Table, tenantId, name, ct);
}
