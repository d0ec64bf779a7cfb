using Azure;
using Azure.Data.Tables;
using Marketplace.Storage;
using Marketplace.Tenancy;

namespace Marketplace.Identity;

/// <summary>Invitations by token hash (partition = hash), so accepting is one point read and one conditional write.</summary>
public sealed class TableInvitationStore(Tables tables) : IInvitationStore
{
    TableClient Table => tables.Get(Tables.InvitationsTable);

    public Task CreateAsync(Invitation i, CancellationToken ct) => Table.AddEntityAsync(new TableEntity(i.TokenHash, "")
    {
        ["TenantId"] = i.TenantId,
        ["Role"] = i.Role.ToString(),
        ["Email"] = i.Email,
        ["CreatedBy"] = i.CreatedBy,
        ["CreatedAt"] = i.CreatedAt,
        ["ExpiresAt"] = i.ExpiresAt,
    }, ct);

    public async Task<Invitation?> GetAsync(string tokenHash, CancellationToken ct)
    {
        var e = await Tables.FindAsync<TableEntity>(Table, tokenHash, "", ct);
        return e is null ? null : Map(e);
    }

    public async Task<(AcceptOutcome Outcome, Invitation? Invitation)> AcceptAsync(string tokenHash, string principalId, DateTimeOffset at, CancellationToken ct)
    {
        var e = await Tables.FindAsync<TableEntity>(Table, tokenHash, "", ct);
        if (e is null) return (AcceptOutcome.Unknown, null);
        var invitation = Map(e);
        if (invitation.AcceptedAt is not null) return (AcceptOutcome.Used, invitation);
        if (invitation.ExpiresAt <= at) return (AcceptOutcome.Expired, invitation);
        try
        {
            await Table.UpdateEntityAsync(new TableEntity(tokenHash, "") { ["AcceptedAt"] = at, ["AcceptedBy"] = principalId }, e.ETag, TableUpdateMode.Merge, ct);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return (AcceptOutcome.Used, invitation);
        }
        return (AcceptOutcome.Accepted, invitation with { AcceptedAt = at, AcceptedBy = principalId });
    }

    static Invitation Map(TableEntity e) => new(e.PartitionKey, e.GetString("TenantId"), Enum.Parse<Role>(e.GetString("Role")), e.GetString("Email"),
        e.GetString("CreatedBy"), e.GetDateTimeOffset("CreatedAt")!.Value, e.GetDateTimeOffset("ExpiresAt")!.Value,
        e.GetDateTimeOffset("AcceptedAt"), e.GetString("AcceptedBy"));
}
