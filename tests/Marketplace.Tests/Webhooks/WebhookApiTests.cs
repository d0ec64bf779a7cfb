using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Webhooks;

/// <summary>Registering webhooks: validation, the SSRF guard at registration, roles, the secret shown once, tenant isolation.</summary>
[Collection("platform-gateway")]
public sealed class WebhookApiTests(PlatformFixture platform)
{
    [Fact]
    public async Task The_secret_is_shown_once_and_the_webhook_is_listed_without_it()
    {
        var (_, key) = await platform.NewTenantAsync("owner");
        using var client = platform.Client(key);
        var response = await client.PostAsJsonAsync("/api/webhooks", new { url = "https://hooks.example.com/in", events = new[] { "task.completed", "task.completed", "run.failed" }, description = "CI" });
        var created = await ProblemAssert.ReadObject(response, HttpStatusCode.Created);
        var secret = created["secret"]!.GetValue<string>();
        Assert.StartsWith("whsec_", secret);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        var id = created["webhook"]!["id"]!.GetValue<string>();
        Assert.Equal($"/api/webhooks/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal(["task.completed", "run.failed"], created["webhook"]!["events"]!.AsArray().Select(e => e!.GetValue<string>()));

        var listed = await client.GetStringAsync("/api/webhooks");
        var one = await client.GetStringAsync($"/api/webhooks/{id}");
        Assert.DoesNotContain(secret["whsec_".Length..], listed);
        Assert.DoesNotContain(secret["whsec_".Length..], one);
        Assert.DoesNotContain("secret", one, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("active", JsonNode.Parse(one)!["status"]!.GetValue<string>());
        Assert.Contains(id, listed);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/webhooks/{id}")).StatusCode);
        await ProblemAssert.IsProblem(await client.GetAsync($"/api/webhooks/{id}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await client.DeleteAsync($"/api/webhooks/{id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_field_paths_and_unknown_events_with_the_valid_names()
    {
        var (_, key) = await platform.NewTenantAsync("developer");
        using var client = platform.Client(key);
        var problem = await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/webhooks",
            new { url = "ftp://example.com/x", events = new[] { "task.completed", "task.exploded" }, description = new string('d', 501) }), HttpStatusCode.BadRequest);
        Assert.Equal(["$.description", "$.events[1]", "$.url"], ProblemAssert.ErrorPaths(problem).Order(StringComparer.Ordinal));
        var unknown = problem["errors"]!.AsArray().Single(e => e!["path"]!.GetValue<string>() == "$.events[1]")!["message"]!.GetValue<string>();
        foreach (var name in new[] { "task.completed", "task.failed", "run.completed", "run.failed", "approval.requested", "balance.low", "grant.expiring", "listing.published", "review.created", "tool.blocked" })
            Assert.Contains(name, unknown);

        var empty = await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/webhooks", new { events = Array.Empty<string>() }), HttpStatusCode.BadRequest);
        Assert.Equal(["$.events", "$.url"], ProblemAssert.ErrorPaths(empty).Order(StringComparer.Ordinal));
        var wrongType = await ProblemAssert.IsProblem(await client.PostAsync("/api/webhooks",
            new StringContent("""{"url":"https://example.com/","events":"task.completed"}""", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        Assert.Equal(["$.events"], ProblemAssert.ErrorPaths(wrongType));
        var extra = await ProblemAssert.IsProblem(await client.PostAsync("/api/webhooks",
            new StringContent("""{"url":"https://example.com/","events":["task.completed"],"secret":"mine"}""", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        Assert.NotEmpty(ProblemAssert.ErrorPaths(extra));

        await ProblemAssert.IsProblem(await client.GetAsync("/api/webhooks/whk-nothing/deliveries?limit=0"), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblem(await client.GetAsync("/api/webhooks/whk-nothing/deliveries"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("http://10.0.0.1/hook")]
    [InlineData("http://192.168.1.20/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[fd00::1]/hook")]
    [InlineData("http://[::ffff:10.0.0.1]/hook")]
    [InlineData("http://0x7f.1/hook")]
    [InlineData("http://100.64.0.1/hook")]
    [InlineData("https://user:pw@example.com/hook")]
    public async Task A_url_inside_the_platform_network_is_refused_at_registration(string url)
    {
        var (_, key) = await platform.NewTenantAsync("owner");
        using var client = platform.Client(key);
        var problem = await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/webhooks", new { url, events = new[] { "task.completed" } }), HttpStatusCode.BadRequest);
        Assert.Equal(["$.url"], ProblemAssert.ErrorPaths(problem));
        Assert.Empty((await client.GetFromJsonAsync<JsonArray>("/api/webhooks"))!);
    }

    [Theory]
    [InlineData("reader")]
    [InlineData("publisher")]
    [InlineData("agent")]
    public async Task Only_owners_and_developers_manage_webhooks(string role)
    {
        var (tenantId, ownerKey) = await platform.NewTenantAsync("owner");
        using var owner = platform.Client(ownerKey);
        var id = (await ProblemAssert.ReadObject(await owner.PostAsJsonAsync("/api/webhooks", new { url = "https://example.com/h", events = new[] { "run.completed" } }), HttpStatusCode.Created))["webhook"]!["id"]!.GetValue<string>();
        using var other = platform.Client(await platform.NewKeyAsync(tenantId, role));
        await ProblemAssert.IsProblem(await other.PostAsJsonAsync("/api/webhooks", new { url = "https://example.com/h", events = new[] { "run.completed" } }), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblem(await other.GetAsync("/api/webhooks"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblem(await other.DeleteAsync($"/api/webhooks/{id}"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblem(await other.GetAsync($"/api/webhooks/{id}/deliveries"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Another_tenant_cannot_see_test_redeliver_or_delete_a_webhook()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (_, keyA) = await platform.NewTenantAsync("owner");
        using var a = platform.Client(keyA);
        var created = await ProblemAssert.ReadObject(await a.PostAsJsonAsync("/api/webhooks", new { url = receiver.Url, events = new[] { "task.completed" } }), HttpStatusCode.Created);
        var (id, secret) = (created["webhook"]!["id"]!.GetValue<string>(), created["secret"]!.GetValue<string>());
        var tried = await ProblemAssert.ReadObject(await a.PostAsync($"/api/webhooks/{id}/test", null), HttpStatusCode.OK);
        var deliveryId = tried["id"]!.GetValue<string>();
        Assert.True(WebhookReceiver.SignatureIsValid(Assert.Single(receiver.Received), secret));

        var (_, keyB) = await platform.NewTenantAsync("owner");
        using var b = platform.Client(keyB);
        Assert.Empty((await b.GetFromJsonAsync<JsonArray>("/api/webhooks"))!);
        await ProblemAssert.IsProblem(await b.GetAsync($"/api/webhooks/{id}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await b.GetAsync($"/api/webhooks/{id}/deliveries"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await b.PostAsync($"/api/webhooks/{id}/test", null), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await b.PostAsync($"/api/webhooks/{id}/deliveries/{deliveryId}/redeliver", null), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await b.DeleteAsync($"/api/webhooks/{id}"), HttpStatusCode.NotFound);

        // The secret signed that delivery, and appears in no log line.
        Assert.DoesNotContain(platform.Logs.Lines, l => l.Contains(secret["whsec_".Length..], StringComparison.Ordinal));

        // Nothing B did reached A's receiver or changed A's webhook.
        Assert.Single(receiver.Received);
        await ProblemAssert.ReadObject(await a.GetAsync($"/api/webhooks/{id}"), HttpStatusCode.OK);
        Assert.Single((await ProblemAssert.ReadObject(await a.GetAsync($"/api/webhooks/{id}/deliveries"), HttpStatusCode.OK))["items"]!.AsArray());
    }
}
