using Azure;
using Azure.Data.Tables;
using Marketplace.Storage;
using Marketplace.Tenancy;

namespace Marketplace.Identity;

/// <summary>
/// <c>Members</c>: partition = tenant, row = principal (the authority). <c>Memberships</c>: partition = principal, row =
/// tenant (an index). An add writes the index first and a removal deletes it last, so the index may name a tenant the
/// principal has left, never miss one it belongs to; readers confirm each entry against <c>Members</c>.
/// Role changes and removals are one transaction over the tenant's partition that also re-asserts every other
/// owner's row by ETag: two owners demoting each other at once cannot both succeed.
/// </summary>
public sealed class TableMemberStore(Tables tables) : IMemberStore
{
    TableClient Members => tables.Get(Tables.MembersTable);
    TableClient Index => tables.Get(Tables.MembershipsTable);

    public async Task<bool> AddAsync(Membership m, CancellationToken ct)
    {
        await Index.UpsertEntityAsync(new TableEntity(m.PrincipalId, m.TenantId) { ["JoinedAt"] = m.JoinedAt }, TableUpdateMode.Replace, ct);
        return await Tables.TryAddAsync(Members, ToEntity(m), ct);
    }

    public async Task<Membership?> GetAsync(string tenantId, string principalId, CancellationToken ct)
    {
        var e = await Tables.FindAsync<TableEntity>(Members, tenantId, principalId, ct);
        return e is null ? null : Map(e);
    }

    public async Task<IReadOnlyList<Membership>> ListAsync(string tenantId, CancellationToken ct) =>
        (await ReadPartitionAsync(tenantId, ct)).Select(Map).OrderBy(m => m.JoinedAt).ThenBy(m => m.PrincipalId, StringComparer.Ordinal).ToList();

    public async Task<IReadOnlyList<Membership>> ForPrincipalAsync(string principalId, CancellationToken ct)
    {
        if (!Ids.IsTableKeySafe(principalId)) return [];
        var found = new List<Membership>();
        await foreach (var e in Index.QueryAsync<TableEntity>(x => x.PartitionKey == principalId, cancellationToken: ct))
            if (await GetAsync(e.RowKey, principalId, ct) is { } m) found.Add(m);
        return found.OrderBy(m => m.JoinedAt).ThenBy(m => m.TenantId, StringComparer.Ordinal).ToList();
    }

    public Task<MemberChange> SetRoleAsync(string tenantId, string principalId, Role role, CancellationToken ct) =>
        ChangeAsync(tenantId, principalId, role, ct);

    public async Task<MemberChange> RemoveAsync(string tenantId, string principalId, CancellationToken ct)
    {
        var change = await ChangeAsync(tenantId, principalId, null, ct);
        if (change == MemberChange.Done) await Index.DeleteEntityAsync(principalId, tenantId, ETag.All, ct);
        return change;
    }

    /// <summary>A role change (or, with no role, a removal) in one conditional batch; retried when another change raced it.</summary>
    async Task<MemberChange> ChangeAsync(string tenantId, string principalId, Role? role, CancellationToken ct)
    {
        if (!Ids.IsTableKeySafe(tenantId) || !Ids.IsTableKeySafe(principalId)) return MemberChange.NotFound;
        for (var attempt = 0; ; attempt++)
        {
            var rows = await ReadPartitionAsync(tenantId, ct);
            var target = rows.FirstOrDefault(r => r.RowKey == principalId);
            if (target is null) return MemberChange.NotFound;
            var otherOwners = rows.Where(r => r.RowKey != principalId && r.GetString("Role") == nameof(Role.Owner)).ToList();
            if (target.GetString("Role") == nameof(Role.Owner) && role != Role.Owner && otherOwners.Count == 0) return MemberChange.LastOwner;
            var batch = new List<TableTransactionAction>
            {
                role is { } r
                    ? new(TableTransactionActionType.UpdateMerge, new TableEntity(tenantId, principalId) { ["Role"] = r.ToString() }, target.ETag)
                    : new(TableTransactionActionType.Delete, target, target.ETag),
            };
            // Re-assert the owners this change relies on: an unchanged merge that fails if any of them changed meanwhile.
            batch.AddRange(otherOwners.Select(o => new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(tenantId, o.RowKey), o.ETag)));
            try
            {
                await Members.SubmitTransactionAsync(batch, ct);
                return MemberChange.Done;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 412 or 404 && attempt < 5)
            {
            }
        }
    }

    async Task<List<TableEntity>> ReadPartitionAsync(string tenantId, CancellationToken ct)
    {
        var rows = new List<TableEntity>();
        if (!Ids.IsTableKeySafe(tenantId)) return rows;
        await foreach (var e in Members.QueryAsync<TableEntity>(x => x.PartitionKey == tenantId, cancellationToken: ct)) rows.Add(e);
        return rows;
    }

    static TableEntity ToEntity(Membership m) => new(m.TenantId, m.PrincipalId)
    {
        ["Kind"] = m.Kind.ToString(),
        ["Role"] = m.Role.ToString(),
        ["DisplayName"] = m.DisplayName,
        ["Email"] = m.Email,
        ["JoinedAt"] = m.JoinedAt,
        ["AddedBy"] = m.AddedBy,
    };

    static Membership Map(TableEntity e) => new(
        e.PartitionKey, e.RowKey, Enum.Parse<PrincipalKind>(e.GetString("Kind")), Enum.Parse<Role>(e.GetString("Role")),
        e.GetString("DisplayName"), e.GetString("Email"), e.GetDateTimeOffset("JoinedAt")!.Value, e.GetString("AddedBy"));
}
