using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Integration;

[Collection("platform")]
public sealed class AgentApiTests(PlatformFixture platform)
{
    [Fact]
    public async Task Publishing_returns_the_listing_with_location_and_etag()
    {
        var (tenantId, key) = await platform.NewTenantAsync("publisher");
        using var client = platform.Client(key);
        var response = await client.PostAsJsonAsync("/api/agents", new { card = Cards.Valid(), visibility = "private" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var listing = await ProblemAssert.ReadObject(response);
        var agentId = listing["agentId"]!.GetValue<string>();
        Assert.Equal($"/api/agents/{agentId}", response.Headers.Location?.ToString());
        Assert.Equal("\"v1\"", response.Headers.ETag?.ToString());
        Assert.Equal(tenantId, listing["publisherTenantId"]!.GetValue<string>());
        Assert.Equal("private", listing["visibility"]!.GetValue<string>());
        Assert.Equal("active", listing["status"]!.GetValue<string>());
        Assert.Equal("Text Analyst", listing["card"]!["name"]!.GetValue<string>());

        var read = await client.GetAsync($"/api/agents/{agentId}");
        Assert.Equal("\"v1\"", read.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task Updates_need_a_current_etag_and_each_makes_an_immutable_version()
    {
        var (_, key) = await platform.NewTenantAsync();
        using var client = platform.Client(key);
        var agentId = (await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/agents", new { card = Cards.Valid() })))["agentId"]!.GetValue<string>();
        var update = new { card = Cards.Valid("Text Analyst Pro") };

        await ProblemAssert.IsProblem(await client.PutAsJsonAsync($"/api/agents/{agentId}", update), (HttpStatusCode)428);

        var ok = await Send(client, HttpMethod.Put, $"/api/agents/{agentId}", update, "\"v1\"");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("\"v2\"", ok.Headers.ETag?.ToString());

        var stale = await Send(client, HttpMethod.Put, $"/api/agents/{agentId}", new { visibility = "private" }, "\"v1\"");
        await ProblemAssert.IsProblem(stale, HttpStatusCode.PreconditionFailed);

        var versions = await ProblemAssert.ReadObject(await client.GetAsync($"/api/agents/{agentId}/versions"));
        var names = versions["versions"]!.AsArray().Select(v => (v!["version"]!.GetValue<int>(), v["card"]!["name"]!.GetValue<string>())).ToList();
        Assert.Equal([(2, "Text Analyst Pro"), (1, "Text Analyst")], names);
    }

    [Fact]
    public async Task Retiring_hides_the_listing_from_search_but_keeps_it_readable_for_its_publisher()
    {
        var (_, key) = await platform.NewTenantAsync();
        var (_, otherKey) = await platform.NewTenantAsync("reader");
        using var client = platform.Client(key);
        var unique = "retiree" + Guid.NewGuid().ToString("N")[..8];
        var agentId = (await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/agents", new { card = Cards.Valid(unique) })))["agentId"]!.GetValue<string>();

        var retired = await client.DeleteAsync($"/api/agents/{agentId}");
        Assert.Equal("retired", (await ProblemAssert.ReadObject(retired))["status"]!.GetValue<string>());
        Assert.DoesNotContain(agentId, Ids(await Search(client, $"q={unique}")));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/agents/{agentId}")).StatusCode);
        using var other = platform.Client(otherKey);
        await ProblemAssert.IsProblem(await other.GetAsync($"/api/agents/{agentId}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Another_tenants_private_listing_is_indistinguishable_from_a_missing_one()
    {
        var (_, keyA) = await platform.NewTenantAsync();
        var (_, keyB) = await platform.NewTenantAsync();
        using var a = platform.Client(keyA);
        using var b = platform.Client(keyB);
        var unique = "secretagent" + Guid.NewGuid().ToString("N")[..8];
        var agentId = (await ProblemAssert.ReadObject(await a.PostAsJsonAsync("/api/agents", new { card = Cards.Valid(unique), visibility = "private" })))["agentId"]!.GetValue<string>();

        var foreign = await ProblemAssert.IsProblem(await b.GetAsync($"/api/agents/{agentId}"), HttpStatusCode.NotFound);
        var missing = await ProblemAssert.IsProblem(await b.GetAsync("/api/agents/agt-doesnotexist"), HttpStatusCode.NotFound);
        Assert.Equal(missing["title"]!.GetValue<string>(), foreign["title"]!.GetValue<string>());
        await ProblemAssert.IsProblem(await b.GetAsync($"/api/agents/{agentId}/versions"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await Send(b, HttpMethod.Put, $"/api/agents/{agentId}", new { visibility = "public" }, "\"v1\""), HttpStatusCode.NotFound);
        Assert.DoesNotContain(agentId, Ids(await Search(b, $"q={unique}")));
        Assert.Equal(agentId, Ids(await Search(a, $"q={unique}"))[0]);
    }

    [Fact]
    public async Task Another_tenant_can_read_but_not_change_a_public_listing()
    {
        var (_, keyA) = await platform.NewTenantAsync();
        var (_, keyB) = await platform.NewTenantAsync();
        using var a = platform.Client(keyA);
        using var b = platform.Client(keyB);
        var agentId = (await ProblemAssert.ReadObject(await a.PostAsJsonAsync("/api/agents", new { card = Cards.Valid() })))["agentId"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await b.GetAsync($"/api/agents/{agentId}")).StatusCode);
        await ProblemAssert.IsProblem(await Send(b, HttpMethod.Put, $"/api/agents/{agentId}", new { visibility = "private" }, "\"v1\""), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblem(await b.DeleteAsync($"/api/agents/{agentId}"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Keyword_search_ranks_filters_and_pages_with_a_cursor()
    {
        var (tenantId, key) = await platform.NewTenantAsync();
        using var client = platform.Client(key);
        var word = "zebra" + Guid.NewGuid().ToString("N")[..6];
        await client.PostAsJsonAsync("/api/agents", new { card = Cards.Valid("Plain agent", $"Mentions {word} once in passing") });
        await client.PostAsJsonAsync("/api/agents", new { card = Cards.Valid($"{word} specialist", $"All about {word}", tags: ["vision"]) });
        for (var i = 0; i < 3; i++) await client.PostAsJsonAsync("/api/agents", new { card = Cards.Valid($"{word} helper {i}", "Helps", inputMode: "image/png") });

        var ranked = (await Search(client, $"mode=keyword&q={word}&limit=100"))["items"]!.AsArray();
        Assert.Equal(5, ranked.Count);
        Assert.Equal($"{word} specialist", ranked[0]!["name"]!.GetValue<string>());
        Assert.Equal("Plain agent", ranked[^1]!["name"]!.GetValue<string>());
        Assert.True(ranked[0]!["score"]!.GetValue<double>() > ranked[^1]!["score"]!.GetValue<double>());

        Assert.Single((await Search(client, $"mode=keyword&q={word}&tag=vision"))["items"]!.AsArray());
        Assert.Equal(3, (await Search(client, $"mode=keyword&q={word}&inputMode=image/png"))["items"]!.AsArray().Count);
        Assert.Equal(5, (await Search(client, $"publisher={tenantId}"))["items"]!.AsArray().Count);

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Search(client, $"mode=keyword&q={word}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(page["items"]!.AsArray().Select(i => i!["agentId"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        } while (cursor is not null);
        Assert.Equal(ranked.Select(i => i!["agentId"]!.GetValue<string>()), seen);
    }

    [Fact]
    public async Task Search_rejects_bad_parameters()
    {
        var (_, key) = await platform.NewTenantAsync("reader");
        using var client = platform.Client(key);
        var problem = await ProblemAssert.IsProblem(await client.GetAsync("/api/agents?limit=0&visibility=secret"), HttpStatusCode.BadRequest);
        Assert.Equal(["limit", "visibility"], ProblemAssert.ErrorPaths(problem));
        await ProblemAssert.IsProblem(await client.GetAsync("/api/agents?cursor=not-a-cursor"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Cards_can_be_published_from_a_url()
    {
        await using var server = await CardServer.StartAsync();
        var (_, key) = await platform.NewTenantAsync();
        using var client = platform.Client(key);
        var url = server.Url("/.well-known/agent-card.json");
        var listing = await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/agents", new { cardUrl = url }));
        Assert.Equal("Fetched Agent", listing["card"]!["name"]!.GetValue<string>());
        Assert.Equal(url, listing["cardUrl"]!.GetValue<string>());

        var invalid = await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/agents", new { cardUrl = server.Url("/invalid/.well-known/agent-card.json") }), HttpStatusCode.BadRequest);
        Assert.Contains("$.name", ProblemAssert.ErrorPaths(invalid));
        foreach (var path in new[] { "/html", "/huge", "/missing" })
            await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/agents", new { cardUrl = server.Url(path) }), HttpStatusCode.BadGateway);
    }

    [Fact]
    public async Task A_card_url_that_answers_503_once_is_fetched_again_and_published()
    {
        await using var server = await CardServer.StartAsync();
        var (_, key) = await platform.NewTenantAsync();
        using var client = platform.Client(key);

        var flaky = "/flaky/.well-known/agent-card.json";
        var listing = await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/agents", new { cardUrl = server.Url(flaky) }));
        Assert.Equal("Flaky Agent", listing["card"]!["name"]!.GetValue<string>());
        Assert.Equal(2, server.Requests(flaky));

        // One that stays overloaded is tried three times in all, then refused as the upstream's failure.
        var down = await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/agents", new { cardUrl = server.Url("/down") }), HttpStatusCode.BadGateway);
        Assert.Contains("503", down["detail"]!.GetValue<string>());
        Assert.Equal(3, server.Requests("/down"));
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://10.0.0.5/card.json")]
    [InlineData("http://[fd00::1]/card.json")]
    [InlineData("ftp://example.com/card.json")]
    [InlineData("https://user:pass@example.com/card.json")]
    [InlineData("not a url")]
    public async Task Card_urls_that_reach_inside_are_refused(string url)
    {
        var (_, key) = await platform.NewTenantAsync();
        using var client = platform.Client(key);
        var problem = await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/agents", new { cardUrl = url }), HttpStatusCode.BadRequest);
        Assert.Equal(["$.cardUrl"], ProblemAssert.ErrorPaths(problem));
    }

    static List<string> Ids(JsonObject page) => page["items"]!.AsArray().Select(i => i!["agentId"]!.GetValue<string>()).ToList();

    static async Task<JsonObject> Search(HttpClient client, string query) => await ProblemAssert.ReadObject(await client.GetAsync($"/api/agents?{query}"));

    static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, object body, string ifMatch)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }
}
