using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Search;

[Collection("platform")]
public sealed class UnifiedSearchApiTests(PlatformFixture platform)
{
    static async Task CreateToolAsync(HttpClient client, string name, string description, object? grant = null) =>
        await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/tools", new
        {
            name, description, inputSchema = new { type = "object" }, http = new { method = "GET", urlTemplate = "https://api.example.com/" + name }, grant,
        }), HttpStatusCode.Created);

    static async Task CreateWorkflowAsync(HttpClient client, string id, string description, string tool) =>
        await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/workflows", new JsonObject
        {
            ["id"] = id, ["name"] = id, ["description"] = description,
            ["steps"] = new JsonArray(new JsonObject { ["id"] = "s1", ["kind"] = "tool", ["tool"] = tool, ["arguments"] = new JsonObject() }),
        }), HttpStatusCode.Created);

    static async Task<JsonObject> SearchAsync(HttpClient client, string query) => await ProblemAssert.ReadObject(await client.GetAsync($"/api/search?{query}"));

    static List<(string Type, string Id)> Results(JsonObject page) =>
        page["items"]!.AsArray().Select(i => (i!["type"]!.GetValue<string>(), i["id"]!.GetValue<string>())).ToList();

    [Fact]
    public async Task One_ranked_list_of_everything_the_tenant_can_see_and_nothing_of_another_tenants()
    {
        var (_, keyA) = await platform.NewTenantAsync("owner");
        var (_, keyB) = await platform.NewTenantAsync("owner");
        using var a = platform.Client(keyA);
        using var b = platform.Client(keyB);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        await CreateToolAsync(a, "fx_rates_" + suffix, "Current exchange rate between two currencies");
        await CreateToolAsync(a, "payroll_" + suffix, "Exports the exchange rate of salaries paid abroad", grant: new { principals = new[] { "someone-else" } });
        await CreateWorkflowAsync(a, "currency-report-" + suffix, "Turns a month of sales into euros with today's exchange rate", "fx_rates_" + suffix);
        var agentA = (await ProblemAssert.ReadObject(await a.PostAsJsonAsync("/api/agents", new
        {
            card = Cards.Valid("Money changer " + suffix, "Exchange rate lookups for any pair of currencies", skillId: "rates"), visibility = "private",
        })))["agentId"]!.GetValue<string>();

        await CreateToolAsync(b, "fx_private_" + suffix, "Current exchange rate between two currencies");
        await CreateWorkflowAsync(b, "currency-b-" + suffix, "Turns sales into euros with today's exchange rate", "fx_private_" + suffix);
        var agentB = (await ProblemAssert.ReadObject(await b.PostAsJsonAsync("/api/agents", new
        {
            card = Cards.Valid("Money changer " + suffix, "Exchange rate lookups for any pair of currencies", skillId: "rates"), visibility = "private",
        })))["agentId"]!.GetValue<string>();

        var page = await SearchAsync(a, $"q={Uri.EscapeDataString("how much is a dollar worth in euros " + suffix)}&limit=100");
        var results = Results(page);
        Assert.Contains((SearchTypes.Tool, "fx_rates_" + suffix), results);
        Assert.Contains((SearchTypes.Workflow, "currency-report-" + suffix), results);
        Assert.Contains((SearchTypes.Agent, agentA), results);
        // Another tenant's private agent, tools and workflows never appear; nor a tool whose grant leaves the caller out.
        Assert.DoesNotContain((SearchTypes.Agent, agentB), results);
        Assert.DoesNotContain(results, r => r.Id.StartsWith("fx_private_", StringComparison.Ordinal) || r.Id.StartsWith("currency-b-", StringComparison.Ordinal));
        Assert.DoesNotContain((SearchTypes.Tool, "payroll_" + suffix), results);

        var facets = page["facets"]!.AsArray().ToDictionary(f => f!["type"]!.GetValue<string>(), f => f!["count"]!.GetValue<int>());
        Assert.Equal(["agent", "tool", "mcp-server", "workflow"], facets.Keys);
        Assert.Equal(1, facets["tool"]);
        Assert.Equal(1, facets["workflow"]);
        Assert.Equal(0, facets["mcp-server"]);
        Assert.True(facets["agent"] >= 1);

        var scores = page["items"]!.AsArray().Select(i => i!["score"]!.GetValue<double>()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
        var tool = page["items"]!.AsArray().First(i => i!["id"]!.GetValue<string>() == "fx_rates_" + suffix)!;
        Assert.NotNull(tool["match"]!["similarity"]);
        Assert.Contains(suffix, tool["match"]!["terms"]!.AsArray().Select(t => t!.GetValue<string>()));

        var onlyTools = await SearchAsync(a, $"q=exchange+rate&types=tool,workflow");
        Assert.All(Results(onlyTools), r => Assert.Contains(r.Type, new[] { SearchTypes.Tool, SearchTypes.Workflow }));
        Assert.Equal(["tool", "workflow"], onlyTools["facets"]!.AsArray().Select(f => f!["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Bad_input_is_a_problem_naming_each_parameter()
    {
        var (_, key) = await platform.NewTenantAsync("reader");
        using var client = platform.Client(key);
        var problem = await ProblemAssert.IsProblem(await client.GetAsync("/api/search?types=agent,robot&limit=0"), HttpStatusCode.BadRequest);
        Assert.Equal(["q", "limit", "types"], ProblemAssert.ErrorPaths(problem));
        await ProblemAssert.IsProblem(await client.GetAsync("/api/search?q=" + new string('x', 501)), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblem(await client.GetAsync("/api/search?q=units&types="), HttpStatusCode.BadRequest);
        using var stranger = platform.Client("mk_not_a_key");
        await ProblemAssert.IsProblem(await stranger.GetAsync("/api/search?q=units"), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("!!!!")]
    [InlineData("{}")]
    [InlineData("🙂")]
    public async Task A_query_without_words_matches_no_agent_rather_than_failing(string q)
    {
        var (_, key) = await platform.NewTenantAsync("reader");
        using var client = platform.Client(key);
        var page = await ProblemAssert.ReadObject(await client.GetAsync("/api/search?types=agent&q=" + Uri.EscapeDataString(q)));
        Assert.DoesNotContain(page["items"]!.AsArray(), i => i!["match"] is null);
    }

    static class SearchTypes
    {
        public const string Agent = "agent", Tool = "tool", Workflow = "workflow";
    }
}
