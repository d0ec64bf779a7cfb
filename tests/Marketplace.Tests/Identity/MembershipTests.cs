using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Marketplace.Identity;
using Marketplace.Storage;
using Marketplace.Tenancy;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Xunit;

namespace Marketplace.Tests.Identity;

/// <summary>Invitations end to end, the last-owner rule, role changes on the next request, and keys that leave with their creator.</summary>
[Collection("identity")]
public sealed class MembershipTests(IdentityFixture identity)
{
    [Fact]
    public async Task An_invitation_is_accepted_once_by_a_signed_in_user_and_makes_them_a_member()
    {
        var tenantId = await identity.NewTenantAsync();
        await identity.AddMemberAsync(tenantId, "alice", "owner");
        using var alice = identity.Client(await identity.Provider.SignInAsync("alice"), tenantId);
        var invitation = await ProblemAssert.ReadObject(await alice.PostAsJsonAsync($"/api/tenants/{tenantId}/invitations", new { role = "developer", email = "carol@test.example" }), HttpStatusCode.Created);
        var token = invitation["token"]!.GetValue<string>();
        Assert.True(Convert.FromBase64String(token[4..].Replace('-', '+').Replace('_', '/') + "=").Length * 8 >= 128);
        Assert.EndsWith($"/api/invitations/{token}/accept", invitation["acceptUrl"]!.GetValue<string>());

        var carolToken = await identity.Provider.SignInAsync("carol");
        using var carol = identity.Client(carolToken);
        // A key cannot accept: an invitation makes a person a member.
        using var keyed = identity.Client(await NewKeyAsync(alice, tenantId, "owner"));
        await ProblemAssert.IsProblem(await keyed.PostAsync($"/api/invitations/{token}/accept", null), HttpStatusCode.Forbidden);

        var joined = await ProblemAssert.ReadObject(await carol.PostAsync($"/api/invitations/{token}/accept", null), HttpStatusCode.OK);
        Assert.Equal((tenantId, "developer"), (joined["tenantId"]!.GetValue<string>(), joined["role"]!.GetValue<string>()));
        // Carol may belong to other tenants too: X-Tenant picks this one.
        using var carolHere = identity.Client(carolToken, tenantId);
        Assert.Equal(HttpStatusCode.Created, (await carolHere.PostAsJsonAsync("/api/tools", SignInTests.Tool("carols"))).StatusCode);

        // Single use: a second accept (by anyone) is refused; unknown and malformed tokens are simply not found.
        var bobToken = await identity.Provider.SignInAsync("bob");
        using var bob = identity.Client(bobToken);
        await ProblemAssert.IsProblem(await bob.PostAsync($"/api/invitations/{token}/accept", null), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblem(await bob.PostAsync($"/api/invitations/{InvitationTokens.New()}/accept", null), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await bob.PostAsync("/api/invitations/inv_short/accept", null), HttpStatusCode.NotFound);
        using var bobHere = identity.Client(bobToken, tenantId);
        await ProblemAssert.IsProblem(await bobHere.GetAsync($"/api/tenants/{tenantId}"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_expired_invitation_is_refused_and_creates_no_membership()
    {
        var tenantId = await identity.NewTenantAsync();
        var token = InvitationTokens.New();
        var tables = new Tables(new TableServiceClient(identity.Azurite.ConnectionString), Options.Create(new StorageOptions { Prefix = identity.StoragePrefix }));
        var past = DateTimeOffset.UtcNow.AddHours(-2);
        await new TableInvitationStore(tables).CreateAsync(new Invitation(InvitationTokens.Hash(token), tenantId, Role.Owner, null, "admin", past, past.AddHours(1), null, null), default);
        using var carol = identity.Client(await identity.Provider.SignInAsync("carol"));
        await ProblemAssert.IsProblem(await carol.PostAsync($"/api/invitations/{token}/accept", null), HttpStatusCode.Gone);
        using var admin = identity.Admin();
        Assert.Empty((await admin.GetFromJsonAsync<JsonArray>($"/api/tenants/{tenantId}/members"))!);
    }

    [Fact]
    public async Task The_last_owner_cannot_leave_or_be_demoted_and_role_changes_apply_on_the_next_request()
    {
        var tenantId = await identity.NewTenantAsync();
        var aliceId = await identity.AddMemberAsync(tenantId, "alice", "owner");
        var bobId = await identity.AddMemberAsync(tenantId, "bob", "reader");
        using var alice = identity.Client(await identity.Provider.SignInAsync("alice"), tenantId);
        using var bob = identity.Client(await identity.Provider.SignInAsync("bob"), tenantId);

        await ProblemAssert.IsProblem(await alice.PutAsJsonAsync($"/api/tenants/{tenantId}/members/{aliceId}", new { role = "developer" }), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblem(await alice.DeleteAsync($"/api/tenants/{tenantId}/members/{aliceId}"), HttpStatusCode.Conflict);
        // A reader cannot change roles, nor remove someone else.
        await ProblemAssert.IsProblem(await bob.PutAsJsonAsync($"/api/tenants/{tenantId}/members/{aliceId}", new { role = "reader" }), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblem(await bob.DeleteAsync($"/api/tenants/{tenantId}/members/{aliceId}"), HttpStatusCode.Forbidden);

        await ProblemAssert.IsProblem(await bob.PostAsJsonAsync("/api/tools", SignInTests.Tool("bobs")), HttpStatusCode.Forbidden);
        await ProblemAssert.ReadObject(await alice.PutAsJsonAsync($"/api/tenants/{tenantId}/members/{bobId}", new { role = "owner" }), HttpStatusCode.OK);
        // The very next request of bob's (same instance: no cache window) acts with the new role.
        Assert.Equal(HttpStatusCode.Created, (await bob.PostAsJsonAsync("/api/tools", SignInTests.Tool("bobs"))).StatusCode);

        // With a second owner, alice may step down and leave.
        await ProblemAssert.ReadObject(await alice.PutAsJsonAsync($"/api/tenants/{tenantId}/members/{aliceId}", new { role = "reader" }), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.DeleteAsync($"/api/tenants/{tenantId}/members/{aliceId}")).StatusCode);
        await ProblemAssert.IsProblem(await alice.GetAsync($"/api/tenants/{tenantId}"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_removed_member_loses_the_keys_they_created()
    {
        var tenantId = await identity.NewTenantAsync();
        var aliceId = await identity.AddMemberAsync(tenantId, "alice", "owner");
        await identity.AddMemberAsync(tenantId, "bob", "owner");
        using var alice = identity.Client(await identity.Provider.SignInAsync("alice"), tenantId);
        var aliceKey = await NewKeyAsync(alice, tenantId, "developer");
        using var byKey = identity.Client(aliceKey);
        // A key made with alice's key is alice's too.
        var keys = await alice.GetFromJsonAsync<JsonArray>($"/api/tenants/{tenantId}/keys");
        Assert.Equal(aliceId, Assert.Single(keys!)!["createdBy"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await byKey.GetAsync("/api/workflows")).StatusCode);

        using var bob = identity.Client(await identity.Provider.SignInAsync("bob"), tenantId);
        Assert.Equal(HttpStatusCode.NoContent, (await bob.DeleteAsync($"/api/tenants/{tenantId}/members/{aliceId}")).StatusCode);
        await ProblemAssert.IsProblem(await byKey.GetAsync("/api/workflows"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Scoped_keys_and_the_billing_role_reach_only_what_they_name()
    {
        var tenantId = await identity.NewTenantAsync();
        await identity.AddMemberAsync(tenantId, "alice", "owner");
        using var alice = identity.Client(await identity.Provider.SignInAsync("alice"), tenantId);

        using var billingOnly = identity.Client(await NewKeyAsync(alice, tenantId, "owner", KeyScopesBilling));
        Assert.Equal(HttpStatusCode.OK, (await billingOnly.GetAsync("/api/billing/balance")).StatusCode);
        await ProblemAssert.IsProblem(await billingOnly.GetAsync("/api/workflows"), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Forbidden, (await billingOnly.SendAsync(TokenRefusalTests.McpToolsList())).StatusCode);
        var me = await ProblemAssert.ReadObject(await billingOnly.GetAsync("/api/me"), HttpStatusCode.OK);
        Assert.Equal(["billing:read"], me["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));

        using var callOnly = identity.Client(await NewKeyAsync(alice, tenantId, "developer", ["agents:call"]));
        Assert.Equal(HttpStatusCode.OK, (await callOnly.SendAsync(TokenRefusalTests.McpToolsList())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SignInTests.A2AListTasksAsync(callOnly, tenantId)).Status);
        await ProblemAssert.IsProblem(await callOnly.GetAsync("/api/billing/balance"), HttpStatusCode.Forbidden);

        using var billingRole = identity.Client(await NewKeyAsync(alice, tenantId, "billing"));
        Assert.Equal(HttpStatusCode.OK, (await billingRole.GetAsync("/api/billing/balance")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await billingRole.GetAsync("/api/analytics/usage")).StatusCode);
        await ProblemAssert.IsProblem(await billingRole.GetAsync("/api/workflows"), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Forbidden, (await billingRole.SendAsync(TokenRefusalTests.McpToolsList())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SignInTests.A2AListTasksAsync(billingRole, tenantId)).Status);

        await ProblemAssert.IsProblem(await alice.PostAsJsonAsync($"/api/tenants/{tenantId}/keys", new { role = "owner", scopes = new[] { "everything" } }), HttpStatusCode.BadRequest);
    }

    static readonly string[] KeyScopesBilling = ["billing:read"];

    internal static async Task<string> NewKeyAsync(HttpClient owner, string tenantId, string role, string[]? scopes = null)
    {
        var created = await ProblemAssert.ReadObject(await owner.PostAsJsonAsync($"/api/tenants/{tenantId}/keys", new { role, scopes }), HttpStatusCode.Created);
        return created["key"]!.GetValue<string>();
    }
}
