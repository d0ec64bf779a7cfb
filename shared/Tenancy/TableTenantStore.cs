using Azure.Data.Tables;
using Marketplace.Storage;

namespace Marketplace.Tenancy;

public sealed class TableTenantStore(Tables tables) : ITenantStore
{
    TableClient Table => tables.Get(Tables.TenantsTable);

    public Task<bool> CreateAsync(Tenant tenant, CancellationToken ct) =>
        Tables.TryAddAsync(Table, new TableEntity(tenant.Id, "")
        {
            ["Name"] = tenant.Name,
            ["Plan"] = tenant.Plan,
            ["CreatedAt"] = tenant.CreatedAt,
        }, ct);

    public async Task<Tenant?> GetAsync(string tenantId, CancellationToken ct)
    {
        var e = await Tables.FindAsync<TableEntity>(Table, tenantId, "", ct);
        return e is null ? null : new Tenant(e.PartitionKey, e.GetString("Name"), e.GetString("Plan"), e.GetDateTimeOffset("CreatedAt")!.Value);
    }
}
