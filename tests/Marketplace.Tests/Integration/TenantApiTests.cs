using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Integration;

[Collection("platform")]
public sealed class TenantApiTests(PlatformFixture platform)
{
    [Fact]
    public async Task Only_the_admin_creates_tenants()
    {
        using var anonymous = platform.Client();
        await ProblemAssert.IsProblem(await anonymous.PostAsJsonAsync("/api/tenants", new { name = "x", plan = "pro" }), HttpStatusCode.Unauthorized);

        var (_, ownerKey) = await platform.NewTenantAsync("owner");
        using var owner = platform.Client(ownerKey);
        await ProblemAssert.IsProblem(await owner.PostAsJsonAsync("/api/tenants", new { name = "x", plan = "pro" }), HttpStatusCode.Forbidden);

        using var admin = platform.Admin();
        var created = await admin.PostAsJsonAsync("/api/tenants", new { name = "Contoso", plan = "free" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var tenant = await ProblemAssert.ReadObject(created);
        Assert.Equal($"/api/tenants/{tenant["id"]}", created.Headers.Location?.ToString());
        Assert.Equal("free", tenant["plan"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tenant_creation_rejects_unknown_plans_bad_ids_and_duplicates()
    {
        using var admin = platform.Admin();
        var problem = await ProblemAssert.IsProblem(
            await admin.PostAsJsonAsync("/api/tenants", new { name = "", plan = "platinum", id = "Not A Slug" }), HttpStatusCode.BadRequest);
        Assert.Equal(["$.name", "$.plan", "$.id"], ProblemAssert.ErrorPaths(problem));

        var (tenantId, _) = await platform.NewTenantAsync();
        await ProblemAssert.IsProblem(await admin.PostAsJsonAsync("/api/tenants", new { name = "again", plan = "pro", id = tenantId }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_tenant_reads_itself_but_another_tenant_looks_missing()
    {
        var (a, keyA) = await platform.NewTenantAsync("reader");
        var (b, _) = await platform.NewTenantAsync();
        using var client = platform.Client(keyA);
        Assert.Equal(a, (await ProblemAssert.ReadObject(await client.GetAsync($"/api/tenants/{a}")))["id"]!.GetValue<string>());
        await ProblemAssert.IsProblem(await client.GetAsync($"/api/tenants/{b}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await client.GetAsync("/api/tenants/does-not-exist"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Keys_are_shown_once_listed_without_secrets_and_revoked_at_once()
    {
        var (tenantId, ownerKey) = await platform.NewTenantAsync();
        using var owner = platform.Client(ownerKey);
        var created = await ProblemAssert.ReadObject(await owner.PostAsJsonAsync($"/api/tenants/{tenantId}/keys", new { role = "developer", name = "ci" }));
        var key = created["key"]!.GetValue<string>();
        Assert.StartsWith(created["prefix"]!.GetValue<string>() + ".", key);

        var listed = await owner.GetStringAsync($"/api/tenants/{tenantId}/keys");
        Assert.DoesNotContain(key.Split('.')[^1], listed);
        Assert.DoesNotContain("secretHash", listed, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2, JsonNode.Parse(listed)!.AsArray().Count);

        using var developer = platform.Client(key);
        Assert.Equal(HttpStatusCode.OK, (await developer.GetAsync($"/api/tenants/{tenantId}")).StatusCode);

        var revoked = await owner.DeleteAsync($"/api/tenants/{tenantId}/keys/{created["keyId"]}");
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        await ProblemAssert.IsProblem(await developer.GetAsync($"/api/tenants/{tenantId}"), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblem(await owner.DeleteAsync($"/api/tenants/{tenantId}/keys/nosuchkey"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bearer_tokens_work_and_unknown_or_malformed_keys_do_not()
    {
        var (tenantId, key) = await platform.NewTenantAsync("reader");
        using var bearer = platform.Client();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync($"/api/tenants/{tenantId}")).StatusCode);

        var parts = key.Split('.');
        foreach (var bad in new[] { "garbage", $"mk.{tenantId}.{parts[2]}.wrongsecret", $"mk.{tenantId}.nokey.{parts[3]}", $"mk.other.{parts[2]}.{parts[3]}" })
        {
            using var client = platform.Client(bad);
            await ProblemAssert.IsProblem(await client.GetAsync($"/api/tenants/{tenantId}"), HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task Roles_are_enforced_per_route()
    {
        var (tenantId, _) = await platform.NewTenantAsync();
        var reader = await platform.NewKeyAsync(tenantId, "reader");
        var publisher = await platform.NewKeyAsync(tenantId, "publisher");
        using var readerClient = platform.Client(reader);
        await ProblemAssert.IsProblem(await readerClient.PostAsJsonAsync($"/api/tenants/{tenantId}/keys", new { role = "owner" }), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblem(await readerClient.PostAsJsonAsync("/api/agents", new { card = Cards.Valid() }), HttpStatusCode.Forbidden);
        using var publisherClient = platform.Client(publisher);
        Assert.Equal(HttpStatusCode.Created, (await publisherClient.PostAsJsonAsync("/api/agents", new { card = Cards.Valid() })).StatusCode);
        await ProblemAssert.IsProblem(await publisherClient.GetAsync($"/api/tenants/{tenantId}/keys"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Unknown_roles_are_rejected_with_the_field_path()
    {
        var (tenantId, ownerKey) = await platform.NewTenantAsync();
        using var owner = platform.Client(ownerKey);
        var problem = await ProblemAssert.IsProblem(await owner.PostAsJsonAsync($"/api/tenants/{tenantId}/keys", new { role = "superuser" }), HttpStatusCode.BadRequest);
        Assert.Equal(["$.role"], ProblemAssert.ErrorPaths(problem));
    }
}
