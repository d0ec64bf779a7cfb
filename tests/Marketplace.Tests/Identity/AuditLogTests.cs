using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Identity;

/// <summary>Changes to members, invitations, keys, tools, workflows and the tenant are in its audit log, with who, from where and before/after.</summary>
[Collection("identity")]
public sealed class AuditLogTests(IdentityFixture identity)
{
    [Fact]
    public async Task Each_kind_of_change_is_recorded_with_its_actor_and_read_by_owners_with_filters_and_paging()
    {
        var tenantId = await identity.NewTenantAsync();
        var aliceId = await identity.AddMemberAsync(tenantId, "alice", "owner");
        var bobId = await identity.AddMemberAsync(tenantId, "bob", "reader");
        using var alice = identity.Client(await identity.Provider.SignInAsync("alice"), tenantId);
        alice.DefaultRequestHeaders.UserAgent.ParseAdd("audit-test/1.0");
        // No trusted proxy is configured: a forwarding header is the caller's say-so and is not recorded.
        alice.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9");

        await ProblemAssert.ReadObject(await alice.PutAsJsonAsync($"/api/tenants/{tenantId}/members/{bobId}", new { role = "developer" }), HttpStatusCode.OK);
        var invitation = await ProblemAssert.ReadObject(await alice.PostAsJsonAsync($"/api/tenants/{tenantId}/invitations", new { role = "reader" }), HttpStatusCode.Created);
        using var carol = identity.Client(await identity.Provider.SignInAsync("carol"));
        await ProblemAssert.ReadObject(await carol.PostAsync($"/api/invitations/{invitation["token"]!.GetValue<string>()}/accept", null), HttpStatusCode.OK);
        var key = await ProblemAssert.ReadObject(await alice.PostAsJsonAsync($"/api/tenants/{tenantId}/keys", new { role = "developer" }), HttpStatusCode.Created);
        var keyId = key["keyId"]!.GetValue<string>();
        using var byKey = identity.Client(key["key"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, (await byKey.PostAsJsonAsync("/api/tools", SignInTests.Tool("audited"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.PutAsJsonAsync("/api/tools/audited/access", new { grant = new { roles = new[] { "owner" } } })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.DeleteAsync($"/api/tenants/{tenantId}/keys/{keyId}")).StatusCode);
        // A refused change is not a change.
        await ProblemAssert.IsProblem(await alice.DeleteAsync($"/api/tenants/{tenantId}/members/{aliceId}"), HttpStatusCode.Conflict);

        var all = await ReadAllAsync(alice, tenantId, "");
        var actions = all.Select(e => e["action"]!.GetValue<string>()).ToList();
        Assert.Equal(["tenants-create", "members-add", "members-add", "members-role", "invitations-create", "invitations-accept", "keys-create", "tools-create", "tools-access", "keys-revoke"],
            Enumerable.Reverse(actions));
        var role = all.Single(e => e["action"]!.GetValue<string>() == "members-role");
        Assert.Equal(("user", aliceId, "audit-test/1.0"), (role["actorKind"]!.GetValue<string>(), role["actor"]!.GetValue<string>(), role["userAgent"]!.GetValue<string>()));
        Assert.Equal("reader", role["before"]!["role"]!.GetValue<string>());
        Assert.Equal("developer", role["after"]!["role"]!.GetValue<string>());
        Assert.Equal("127.0.0.1", role["ip"]!.GetValue<string>());
        var tool = all.Single(e => e["action"]!.GetValue<string>() == "tools-create");
        Assert.Equal(("key", keyId), (tool["actorKind"]!.GetValue<string>(), tool["actor"]!.GetValue<string>()));
        Assert.Equal("admin", all.Last()["actorKind"]!.GetValue<string>());
        Assert.Equal("pro", all.Last()["after"]!["plan"]!.GetValue<string>());
        var access = all.Single(e => e["action"]!.GetValue<string>() == "tools-access");
        Assert.Null(access["before"]!["grant"]);
        Assert.Equal("owner", access["after"]!["grant"]!["roles"]![0]!.GetValue<string>());
        // The invitation token itself never enters the log.
        Assert.DoesNotContain(invitation["token"]!.GetValue<string>(), new JsonArray([.. all.Select(e => e!.DeepClone())]).ToJsonString());

        Assert.Equal(["members-role"], (await ReadAllAsync(alice, tenantId, "&action=members-role")).Select(e => e["action"]!.GetValue<string>()));
        Assert.Equal(["tools-create"], (await ReadAllAsync(alice, tenantId, $"&actor={keyId}")).Select(e => e["action"]!.GetValue<string>()).Where(a => a == "tools-create"));
        var since = role["at"]!.GetValue<DateTimeOffset>();
        Assert.DoesNotContain(await ReadAllAsync(alice, tenantId, $"&since={Uri.EscapeDataString(since.ToString("O"))}"), e => e["action"]!.GetValue<string>() is "members-add" or "tenants-create");

        // Owners only; bad filters are 400.
        using var bob = identity.Client(await identity.Provider.SignInAsync("bob"), tenantId);
        await ProblemAssert.IsProblem(await bob.GetAsync($"/api/tenants/{tenantId}/audit"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblem(await alice.GetAsync($"/api/tenants/{tenantId}/audit?limit=0"), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblem(await alice.GetAsync($"/api/tenants/{tenantId}/audit?since=yesterday"), HttpStatusCode.BadRequest);
    }

    /// <summary>Every entry, two per page, following nextCursor.</summary>
    static async Task<List<JsonNode>> ReadAllAsync(HttpClient client, string tenantId, string filters)
    {
        var entries = new List<JsonNode>();
        string? cursor = null;
        for (var pages = 0; pages < 50; pages++)
        {
            var page = await ProblemAssert.ReadObject(await client.GetAsync($"/api/tenants/{tenantId}/audit?limit=2{filters}" + (cursor is null ? "" : "&cursor=" + cursor)), HttpStatusCode.OK);
            entries.AddRange(page["entries"]!.AsArray().Select(e => e!));
            cursor = page["nextCursor"]?.GetValue<string>();
            if (cursor is null) return entries;
        }
        throw new InvalidOperationException("paging did not end");
    }
}
