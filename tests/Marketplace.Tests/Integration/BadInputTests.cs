using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Integration;

/// <summary>Every kind of bad input gets a precise 4xx problem, and nothing is written.</summary>
[Collection("platform")]
public sealed class BadInputTests(PlatformFixture platform)
{
    public static TheoryData<string, string?> MalformedBodies => new()
    {
        { "{\"card\": ", "$.card" },
        { "[1, 2, 3]", "$" },
        { "{\"card\": {}, \"visibility\": \"everyone\"}", "$.visibility" },
        { "{\"card\": {}, \"visibility\": 1}", "$.visibility" },
        { "{\"cardUrl\": 42}", "$.cardUrl" },
        { "{\"card\": {}, \"surprise\": true}", "$.surprise" },
        { "null", null },
        { "", null },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task Malformed_or_mistyped_bodies_are_400_and_write_nothing(string body, string? path)
    {
        var (tenantId, key) = await platform.NewTenantAsync();
        using var client = platform.Client(key);
        var response = await client.PostAsync("/api/agents", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest);
        if (path is not null) Assert.Equal([path], ProblemAssert.ErrorPaths(problem));
        await AssertNoListings(client, tenantId);
    }

    [Fact]
    public async Task Bodies_over_one_mebibyte_are_413()
    {
        var (tenantId, key) = await platform.NewTenantAsync();
        using var client = platform.Client(key);
        var card = Cards.Valid(description: new string('x', 1024 * 1024));
        await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/agents", new { card }), HttpStatusCode.RequestEntityTooLarge);

        // Chunked, so the size is only discovered while reading.
        var chunked = new StringContent(new JsonObject { ["card"] = card }.ToJsonString(), Encoding.UTF8, "application/json");
        chunked.Headers.ContentLength = null;
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/agents") { Content = new StreamContent(await chunked.ReadAsStreamAsync()) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TransferEncodingChunked = true;
        await ProblemAssert.IsProblem(await client.SendAsync(request), HttpStatusCode.RequestEntityTooLarge);
        await AssertNoListings(client, tenantId);
    }

    [Fact]
    public async Task Non_json_content_is_415()
    {
        var (_, key) = await platform.NewTenantAsync();
        using var client = platform.Client(key);
        await ProblemAssert.IsProblem(await client.PostAsync("/api/agents", new StringContent("name=x", Encoding.UTF8, "application/x-www-form-urlencoded")), HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task An_invalid_card_reports_every_problem_and_writes_nothing()
    {
        var (tenantId, key) = await platform.NewTenantAsync();
        using var client = platform.Client(key);
        var card = Cards.Valid();
        card.Remove("description");
        card["version"] = 2;
        card["skills"]!.AsArray().Add(new JsonObject { ["id"] = "keywords", ["name"] = "dup", ["description"] = "d", ["tags"] = new JsonArray() });
        card["supportedInterfaces"]![0]!["url"] = "not-a-url";
        var problem = await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/agents", new { card }), HttpStatusCode.BadRequest);
        Assert.Equal(
            ["$.card.description", "$.card.version", "$.card.supportedInterfaces[0].url", "$.card.skills[1].id"],
            ProblemAssert.ErrorPaths(problem));
        await AssertNoListings(client, tenantId);
    }

    [Fact]
    public async Task Unknown_routes_and_methods_are_problems_not_empty_pages()
    {
        using var client = platform.Client();
        await ProblemAssert.IsProblem(await client.GetAsync("/api/nothing-here"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await client.PatchAsync("/api/health", new StringContent("{}")), HttpStatusCode.MethodNotAllowed);
    }

    static async Task AssertNoListings(HttpClient client, string tenantId)
    {
        var page = await ProblemAssert.ReadObject(await client.GetAsync($"/api/agents?publisher={tenantId}"));
        Assert.Empty(page["items"]!.AsArray());
    }
}
