using Azure.Data.Tables;
using Marketplace.Storage;

namespace Marketplace.Identity;

public sealed class TablePrincipalStore(Tables tables) : IPrincipalStore
{
    TableClient Table => tables.Get(Tables.PrincipalsTable);

    public async Task<Principal> UpsertAsync(Principal principal, CancellationToken ct)
    {
        var existing = await GetAsync(principal.Id, ct);
        var stored = principal with { CreatedAt = existing?.CreatedAt ?? principal.CreatedAt };
        if (existing == stored) return existing;
        await Table.UpsertEntityAsync(new TableEntity(stored.Id, "")
        {
            ["Kind"] = stored.Kind.ToString(),
            ["Issuer"] = stored.Issuer,
            ["Subject"] = stored.Subject,
            ["DisplayName"] = stored.DisplayName,
            ["Email"] = stored.Email,
            ["CreatedAt"] = stored.CreatedAt,
        }, TableUpdateMode.Replace, ct);
        return stored;
    }

    public async Task<Principal?> GetAsync(string principalId, CancellationToken ct)
    {
        var e = await Tables.FindAsync<TableEntity>(Table, principalId, "", ct);
        return e is null ? null : new Principal(e.PartitionKey, Enum.Parse<PrincipalKind>(e.GetString("Kind")), e.GetString("Issuer"), e.GetString("Subject"),
            e.GetString("DisplayName"), e.GetString("Email"), e.GetDateTimeOffset("CreatedAt")!.Value);
    }
}
