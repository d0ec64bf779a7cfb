using Marketplace.Serialization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Agents.TextAnalyst;
using Marketplace.Agents.UnitConverter;
using Marketplace.Http;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Search;

/// <summary>Search by meaning over the demo agents' own cards, with the in-process MiniLM model.</summary>
[Collection("platform")]
public sealed class SemanticSearchApiTests(PlatformFixture platform)
{
    static JsonNode Card(object card) => JsonSerializer.SerializeToNode(card, Json.Lenient)!;

    /// <summary>A tenant with the demo agents and a few unrelated ones, all private so no other test sees them.</summary>
    async Task<(string Tenant, HttpClient Client, string Converter, string Analyst)> DemoAsync()
    {
        var (tenant, key) = await platform.NewTenantAsync("publisher");
        var client = platform.Client(key);
        async Task<string> Publish(JsonNode card)
        {
            var created = await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/agents", new { card, visibility = "private" }));
            return created["agentId"]!.GetValue<string>();
        }
        var converter = await Publish(Card(UnitConverterCard.For("https://units.example.com")));
        var analyst = await Publish(Card(TextAnalystCard.For("https://text.example.com")));
        await Publish(Cards.Valid("Polyglot", "Translates documents between forty languages", skillId: "translate", tags: ["translation"]));
        await Publish(Cards.Valid("Forecaster", "Tomorrow's weather and rain for any city", skillId: "forecast", tags: ["weather"]));
        await Publish(Cards.Valid("Invoice reader", "Reads supplier invoices and pulls out totals and due dates", skillId: "invoices", tags: ["finance"]));
        return (tenant, client, converter, analyst);
    }

    static async Task<JsonArray> Items(HttpClient client, string query)
    {
        var page = await ProblemAssert.ReadObject(await client.GetAsync($"/api/agents?{query}"));
        return page["items"]!.AsArray();
    }

    [Theory]
    [InlineData("how many kilometres is 26 miles", "converter")]
    [InlineData("70 fahrenheit equals how many celsius degrees", "converter")]
    [InlineData("how long will it take me to get through this essay", "analyst")]
    public async Task A_request_sharing_no_word_with_the_card_finds_the_agent_first(string request, string expected)
    {
        var (tenant, client, converter, analyst) = await DemoAsync();
        using var _ = client;
        var agent = expected == "converter" ? converter : analyst;
        var q = Uri.EscapeDataString(request);

        Assert.DoesNotContain(agent, (await Items(client, $"mode=keyword&publisher={tenant}&q={q}")).Select(i => i!["agentId"]!.GetValue<string>()));
        foreach (var mode in new[] { "semantic", "hybrid" })
        {
            var items = await Items(client, $"mode={mode}&publisher={tenant}&q={q}");
            Assert.Equal(agent, items[0]!["agentId"]!.GetValue<string>());
        }
        // The default is hybrid.
        Assert.Equal(agent, (await Items(client, $"publisher={tenant}&q={q}"))[0]!["agentId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Each_hit_says_which_skill_matched_and_why()
    {
        var (tenant, client, converter, analyst) = await DemoAsync();
        using var _ = client;

        var converted = (await Items(client, $"mode=semantic&publisher={tenant}&q={Uri.EscapeDataString("how many kilometres is 26 miles")}"))[0]!;
        var similarity = converted["match"]!["similarity"]!.GetValue<double>();
        Assert.InRange(similarity, 0.25, 1);
        Assert.Equal(1, converted["match"]!["semanticRank"]!.GetValue<int>());
        var skill = Assert.Single(converted["matchedSkills"]!.AsArray())!;
        Assert.Equal("convert", skill["id"]!.GetValue<string>());
        Assert.Empty(skill["terms"]!.AsArray());

        // Words: the query's terms found in the card and in the skill that holds them, with the keyword rank.
        var worded = (await Items(client, $"mode=hybrid&publisher={tenant}&q=keyword+summary"))[0]!;
        Assert.Equal(analyst, worded["agentId"]!.GetValue<string>());
        Assert.Equal(["keyword", "summary"], worded["match"]!["terms"]!.AsArray().Select(t => t!.GetValue<string>()).Order());
        Assert.Equal(1, worded["match"]!["keywordRank"]!.GetValue<int>());
        var skills = worded["matchedSkills"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).ToList();
        Assert.Contains("keywords", skills);
        Assert.Contains("summarize", skills);
        // The ranking signals of before are all still there.
        Assert.All(new[] { "relevance", "rating", "successRate", "usage", "quality", "score" }, n => Assert.NotNull(worded["ranking"]![n]));
        Assert.DoesNotContain(converter, (await Items(client, $"mode=keyword&publisher={tenant}&q=keyword+summary")).Select(i => i!["agentId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_new_card_is_embedded_again_on_update()
    {
        var (tenant, key) = await platform.NewTenantAsync("publisher");
        using var client = platform.Client(key);
        var created = await client.PostAsJsonAsync("/api/agents", new { card = Cards.Valid("Forecaster", "Tomorrow's weather and rain for any city"), visibility = "private" });
        var agentId = (await ProblemAssert.ReadObject(created))["agentId"]!.GetValue<string>();
        var q = Uri.EscapeDataString("what is 70 degrees fahrenheit in celsius");
        Assert.Empty(await Items(client, $"mode=semantic&publisher={tenant}&q={q}"));

        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/agents/{agentId}")
        {
            Content = JsonContent.Create(new { card = Card(UnitConverterCard.For("https://units.example.com")) }),
        };
        put.Headers.TryAddWithoutValidation("If-Match", "\"v1\"");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(put)).StatusCode);
        Assert.Equal(agentId, (await Items(client, $"mode=semantic&publisher={tenant}&q={q}"))[0]!["agentId"]!.GetValue<string>());
        // Vectors stay out of the API.
        Assert.Null((await ProblemAssert.ReadObject(await client.GetAsync($"/api/agents/{agentId}")))["embedding"]);
    }

    [Fact]
    public async Task A_mode_that_is_not_one_is_a_problem()
    {
        var (_, key) = await platform.NewTenantAsync("reader");
        using var client = platform.Client(key);
        foreach (var mode in new[] { "fuzzy", "1", "" })
        {
            var problem = await ProblemAssert.IsProblem(await client.GetAsync($"/api/agents?q=units&mode={mode}"), HttpStatusCode.BadRequest);
            Assert.Equal(["mode"], ProblemAssert.ErrorPaths(problem));
        }
    }
}
