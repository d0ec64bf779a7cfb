using Marketplace.Audit;
using Marketplace.Identity;
using Marketplace.Tenancy;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Contract;

/// <summary>What every member, invitation and audit store must do.</summary>
public abstract class IdentityStoreContract : IAsyncLifetime
{
    protected IMemberStore Members { get; private set; } = null!;
    protected IInvitationStore Invitations { get; private set; } = null!;
    protected IAuditLog Audit { get; private set; } = null!;

    protected abstract Task<(IMemberStore, IInvitationStore, IAuditLog)> CreateStoresAsync();

    public async Task InitializeAsync() => (Members, Invitations, Audit) = await CreateStoresAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    static string Id() => "t" + Guid.NewGuid().ToString("N")[..10];

    static Membership Member(string tenant, string principal, Role role, DateTimeOffset at) => new(tenant, principal, PrincipalKind.User, role, null, null, at, "admin");

    [Fact]
    public async Task Members_are_added_once_listed_per_tenant_and_found_per_principal()
    {
        var (a, b, now) = (Id(), Id(), DateTimeOffset.UtcNow);
        Assert.True(await Members.AddAsync(Member(a, "u-1", Role.Owner, now), default));
        Assert.False(await Members.AddAsync(Member(a, "u-1", Role.Reader, now), default));
        Assert.True(await Members.AddAsync(Member(a, "u-2", Role.Reader, now.AddSeconds(1)), default));
        Assert.True(await Members.AddAsync(Member(b, "u-1", Role.Billing, now.AddSeconds(2)), default));
        Assert.Equal(["u-1", "u-2"], (await Members.ListAsync(a, default)).Select(m => m.PrincipalId));
        Assert.Equal(Role.Owner, (await Members.GetAsync(a, "u-1", default))!.Role);
        Assert.Null(await Members.GetAsync(b, "u-2", default));
        Assert.Equal([a, b], (await Members.ForPrincipalAsync("u-1", default)).Select(m => m.TenantId));
        Assert.Empty(await Members.ForPrincipalAsync("a/b", default));
    }

    [Fact]
    public async Task The_last_owner_stays_even_when_two_owners_demote_each_other_at_once()
    {
        var (tenant, now) = (Id(), DateTimeOffset.UtcNow);
        await Members.AddAsync(Member(tenant, "u-a", Role.Owner, now), default);
        Assert.Equal(MemberChange.LastOwner, await Members.SetRoleAsync(tenant, "u-a", Role.Developer, default));
        Assert.Equal(MemberChange.LastOwner, await Members.RemoveAsync(tenant, "u-a", default));
        Assert.Equal(MemberChange.NotFound, await Members.SetRoleAsync(tenant, "u-none", Role.Developer, default));

        await Members.AddAsync(Member(tenant, "u-b", Role.Owner, now), default);
        var results = await Task.WhenAll(Members.SetRoleAsync(tenant, "u-a", Role.Reader, default), Members.SetRoleAsync(tenant, "u-b", Role.Reader, default));
        Assert.Equal([MemberChange.Done, MemberChange.LastOwner], results.Order());
        Assert.Single(await Members.ListAsync(tenant, default), m => m.Role == Role.Owner);
    }

    [Fact]
    public async Task A_removed_member_leaves_the_principals_list_too()
    {
        var (tenant, now) = (Id(), DateTimeOffset.UtcNow);
        await Members.AddAsync(Member(tenant, "u-o", Role.Owner, now), default);
        await Members.AddAsync(Member(tenant, "u-r", Role.Reader, now), default);
        Assert.Equal(MemberChange.Done, await Members.RemoveAsync(tenant, "u-r", default));
        Assert.Empty(await Members.ForPrincipalAsync("u-r", default));
        Assert.Null(await Members.GetAsync(tenant, "u-r", default));
    }

    [Fact]
    public async Task An_invitation_is_accepted_once_even_by_concurrent_accepts_and_never_after_it_expires()
    {
        var now = DateTimeOffset.UtcNow;
        var live = new Invitation(InvitationTokens.Hash(InvitationTokens.New()), Id(), Role.Reader, null, "admin", now, now.AddHours(1), null, null);
        var old = live with { TokenHash = InvitationTokens.Hash(InvitationTokens.New()), ExpiresAt = now.AddSeconds(-1) };
        await Invitations.CreateAsync(live, default);
        await Invitations.CreateAsync(old, default);
        var accepts = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Invitations.AcceptAsync(live.TokenHash, "u-" + i, now, default)));
        Assert.Single(accepts, a => a.Outcome == AcceptOutcome.Accepted);
        Assert.All(accepts.Where(a => a.Outcome != AcceptOutcome.Accepted), a => Assert.Equal(AcceptOutcome.Used, a.Outcome));
        Assert.Equal(AcceptOutcome.Expired, (await Invitations.AcceptAsync(old.TokenHash, "u-x", now, default)).Outcome);
        Assert.Equal(AcceptOutcome.Unknown, (await Invitations.AcceptAsync(InvitationTokens.Hash("nope"), "u-x", now, default)).Outcome);
        Assert.NotNull((await Invitations.GetAsync(live.TokenHash, default))!.AcceptedBy);
    }

    [Fact]
    public async Task The_audit_log_reads_newest_first_per_tenant_with_filters_and_cursor()
    {
        var (tenant, other) = (Id(), Id());
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        for (var i = 0; i < 5; i++)
        {
            var at = start.AddMinutes(i);
            await Audit.RecordAsync(new AuditEntry(tenant, TableAuditLog.RowKey(at, "r" + i), at, i % 2 == 0 ? "keys-create" : "members-add", "POST", "/x",
                ActorKind.User, "u-" + (i % 2), null, "127.0.0.1", null, 201, null, System.Text.Json.Nodes.JsonNode.Parse($$"""{"i":{{i}}}""")), default);
        }
        await Audit.RecordAsync(new AuditEntry(other, TableAuditLog.RowKey(start, "o"), start, "keys-create", "POST", "/x", ActorKind.Admin, "admin", null, null, null, 201, null, null), default);

        var first = await Audit.QueryAsync(tenant, new AuditQuery(null, null, null, 2, null), default);
        Assert.Equal([4, 3], first.Entries.Select(e => e.After!["i"]!.GetValue<int>()));
        var rest = await Audit.QueryAsync(tenant, new AuditQuery(null, null, null, 10, first.NextCursor), default);
        Assert.Equal([2, 1, 0], rest.Entries.Select(e => e.After!["i"]!.GetValue<int>()));
        Assert.Null(rest.NextCursor);
        Assert.Equal(3, (await Audit.QueryAsync(tenant, new AuditQuery("keys-create", null, null, 10, null), default)).Entries.Count);
        Assert.Equal(2, (await Audit.QueryAsync(tenant, new AuditQuery(null, "u-1", null, 10, null), default)).Entries.Count);
        Assert.Equal([4, 3], (await Audit.QueryAsync(tenant, new AuditQuery(null, null, start.AddMinutes(3), 10, null), default)).Entries.Select(e => e.After!["i"]!.GetValue<int>()));
    }
}

[Collection("azurite-contract")]
public sealed class TableIdentityStoreContract(AzuriteFixture azurite) : IdentityStoreContract
{
    protected override async Task<(IMemberStore, IInvitationStore, IAuditLog)> CreateStoresAsync()
    {
        var tables = await ContractStores.TablesAsync(azurite);
        return (new TableMemberStore(tables), new TableInvitationStore(tables), new TableAuditLog(tables));
    }
}
