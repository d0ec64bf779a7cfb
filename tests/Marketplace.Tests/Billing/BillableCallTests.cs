using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using Xunit;

namespace Marketplace.Tests.Billing;

/// <summary>Priced calls through the gateway and the MCP hub: credit is held first, charged once, never overspent.</summary>
[Collection("platform-gateway")]
public sealed class BillableCallTests(PlatformFixture platform, SampleAgentsFixture agents) : IClassFixture<SampleAgentsFixture>
{
    const long Price = 1_000;

    async Task<string> PricedTextAnalystAsync() => (await PricedTextAnalystWithPublisherAsync()).AgentId;

    async Task<(string AgentId, string PublisherKey)> PricedTextAnalystWithPublisherAsync()
    {
        var (_, publisherKey) = await platform.NewTenantAsync("publisher");
        using var publisher = platform.Client(publisherKey);
        var listing = await ProblemAssert.ReadObject(await publisher.PostAsJsonAsync("/api/agents",
            new { cardUrl = agents.TextAnalyst.CardUrl, visibility = "public", pricing = new { perCall = Price } }));
        return (listing["agentId"]!.GetValue<string>(), publisherKey);
    }

    async Task GrantAsync(string tenantId, long amount)
    {
        using var admin = platform.Admin();
        await ProblemAssert.ReadObject(await admin.PostAsJsonAsync($"/api/admin/tenants/{tenantId}/credits", new { amount }));
    }

    static JsonObject TextStats(int i) => new()
    {
        ["message"] = new JsonObject
        {
            ["messageId"] = $"m-{i}-{Guid.NewGuid():N}", ["role"] = "ROLE_USER",
            ["parts"] = new JsonArray(new JsonObject { ["text"] = "Count these words." }),
            ["metadata"] = new JsonObject { ["skill"] = "text-stats" },
        },
    };

    [Fact]
    public async Task Two_hundred_concurrent_calls_against_credit_for_one_hundred_succeed_exactly_one_hundred_times()
    {
        var agentId = await PricedTextAnalystAsync();
        var (tenantId, key) = await platform.NewTenantAsync("developer", plan: "pro");
        await GrantAsync(tenantId, 100 * Price);
        using var client = platform.Client(key);

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => A2ARpc.PostAsync(client, agentId, "SendMessage", TextStats(i), $"{i}")));
        var completed = answers.Count(a => a["result"]?["task"]?["status"]?["state"]?.GetValue<string>() == "TASK_STATE_COMPLETED");
        var refused = answers.Where(a => a["error"] is not null).ToList();
        Assert.Equal(100, completed);
        Assert.Equal(100, refused.Count);
        Assert.All(refused, e => Assert.Contains("MARKETPLACE_INSUFFICIENT_CREDITS", e["error"]!.ToJsonString()));

        // The billing worker settles every hold: nothing left reserved, nothing below zero, the ledger balanced.
        using var admin = platform.Admin();
        var reconciliation = await Eventually.Get(async () =>
        {
            var r = await admin.GetFromJsonAsync<JsonObject>($"/api/admin/billing/reconcile/{tenantId}");
            return r!["appliedEvents"]!.GetValue<int>() == 100 ? r : null;
        }, TimeSpan.FromSeconds(60));
        Assert.True(reconciliation["balanced"]!.GetValue<bool>(), reconciliation.ToJsonString());
        Assert.Equal(100 * Price, reconciliation["debits"]!.GetValue<long>());
        var balance = await client.GetFromJsonAsync<JsonObject>("/api/billing/balance");
        Assert.Equal((0L, 0L, 0L), (balance!["balance"]!.GetValue<long>(), balance["reserved"]!.GetValue<long>(), balance["overdraft"]!.GetValue<long>()));

        var ledger = await client.GetFromJsonAsync<JsonObject>("/api/billing/ledger?limit=1000");
        var legs = ledger!["entries"]!.AsArray();
        Assert.Equal(300, legs.Count);
        Assert.Equal(80 * Price, legs.Where(l => l!["leg"]!.GetValue<string>() == "publisher-credit").Sum(l => l!["amount"]!.GetValue<long>()));
    }

    [Fact]
    public async Task A_priced_tool_refuses_calls_the_credit_does_not_cover_and_bad_grants_are_400()
    {
        await using var backend = await RecordingBackend.StartAsync();
        var (tenantId, key) = await platform.NewTenantAsync("owner", plan: "pro");
        await GrantAsync(tenantId, 1_000);
        using var client = platform.Client(key);
        var created = await client.PostAsJsonAsync("/api/tools", new
        {
            name = "lookup", description = "Looks up", inputSchema = new { type = "object" },
            http = new { method = "GET", urlTemplate = backend.Url + "lookup" }, pricing = new { perCall = 400 },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await using var mcp = await McpClients.ConnectAsync(platform.BaseAddress, key);
        var results = new List<CallToolResult>();
        for (var i = 0; i < 3; i++) results.Add(await mcp.CallToolAsync("lookup", new Dictionary<string, object?>()));
        Assert.Equal([false, false, true], results.Select(r => r.IsError == true));
        Assert.Contains("Insufficient credit", Assert.IsType<TextContentBlock>(results[2].Content[0]).Text);
        Assert.Equal(2, backend.Requests.Count); // the refused call never reached the backend

        using var admin = platform.Admin();
        var invalid = await ProblemAssert.IsProblem(await admin.PostAsJsonAsync($"/api/admin/tenants/{tenantId}/credits",
            new { amount = 0, priority = -1, expiresAt = DateTimeOffset.UtcNow.AddDays(-1) }), HttpStatusCode.BadRequest);
        Assert.Equal(["$.amount", "$.expiresAt", "$.priority"], ProblemAssert.ErrorPaths(invalid));
        await ProblemAssert.IsProblem(await client.PostAsJsonAsync($"/api/admin/tenants/{tenantId}/credits", new { amount = 5 }), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblem(await admin.PostAsJsonAsync("/api/admin/tenants/t-none/credits", new { amount = 5 }), HttpStatusCode.NotFound);
        var badPricing = await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/tools", new
        {
            name = "x", description = "x", inputSchema = new { type = "object" }, http = new { method = "GET", urlTemplate = backend.Url },
            pricing = new { perCall = -1, perUnit = 5 },
        }), HttpStatusCode.BadRequest);
        Assert.Equal(["$.pricing.perCall", "$.pricing.unit", "$.pricing.maxUnits"], ProblemAssert.ErrorPaths(badPricing));
    }

    [Fact]
    public async Task A_price_whose_most_possible_cost_wraps_a_long_is_refused_for_listings_and_tools()
    {
        // perCall + perUnit × maxUnits = 9.3 × 10^18 + 1000: once accepted, estimated negative, held nothing and ran free.
        var hostile = new { perCall = 1000, perUnit = 1_000_000_000_000, unit = "tokens", maxUnits = 9_300_000 };
        var (_, key) = await platform.NewTenantAsync("owner", plan: "pro");
        using var client = platform.Client(key);
        var published = await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/agents",
            new { cardUrl = agents.TextAnalyst.CardUrl, visibility = "public", pricing = hostile }), HttpStatusCode.BadRequest);
        Assert.Equal(["$.pricing"], ProblemAssert.ErrorPaths(published));

        // Nor can a listing be re-priced to it.
        var listing = await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/agents",
            new { cardUrl = agents.TextAnalyst.CardUrl, visibility = "private", pricing = new { perCall = Price } }));
        var agentId = listing["agentId"]!.GetValue<string>();
        using var update = new HttpRequestMessage(HttpMethod.Put, $"/api/agents/{agentId}") { Content = JsonContent.Create(new { pricing = hostile }) };
        update.Headers.TryAddWithoutValidation("If-Match", "*");
        Assert.Equal(["$.pricing"], ProblemAssert.ErrorPaths(await ProblemAssert.IsProblem(await client.SendAsync(update), HttpStatusCode.BadRequest)));
        var current = await client.GetFromJsonAsync<JsonObject>($"/api/agents/{agentId}");
        Assert.Equal((Price, 1), (current!["pricing"]!["perCall"]!.GetValue<long>(), current["version"]!.GetValue<int>()));

        await using var backend = await RecordingBackend.StartAsync();
        var tool = await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/tools", new
        {
            name = "wrapped", description = "Priced to wrap", inputSchema = new { type = "object" },
            http = new { method = "GET", urlTemplate = backend.Url + "wrapped" }, pricing = hostile,
        }), HttpStatusCode.BadRequest);
        Assert.Equal(["$.pricing"], ProblemAssert.ErrorPaths(tool));
        await ProblemAssert.IsProblem(await client.GetAsync("/api/tools/wrapped"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_price_stored_before_the_bounds_makes_calls_unaffordable_not_free()
    {
        // Listings and tools stored while the bound check could wrap keep their price: written here behind the API.
        var wrapped = new Marketplace.Billing.Pricing(1000, 1_000_000_000_000, "tokens", 9_300_000);
        var (agentId, _) = await PricedTextAnalystWithPublisherAsync();
        var agents = platform.App.Services.GetRequiredService<Marketplace.Registry.IAgentStore>();
        var publisherId = (await agents.FindPublisherAsync(agentId, default))!;
        var stored = (await agents.GetAsync(publisherId, agentId, default))!;
        var legacy = stored.Listing with { Pricing = wrapped, Version = stored.Listing.Version + 1 };
        Assert.True(await agents.UpdateAsync(legacy, stored.StoreETag, default));
        platform.App.Services.GetRequiredService<Marketplace.Registry.AgentSearchIndex>().Upsert(legacy);

        // A tenant with no credit on the hard "pro" plan (the one whose call once completed), and one with plenty.
        var (brokeId, brokeKey) = await platform.NewTenantAsync("owner", plan: "pro");
        var (richId, richKey) = await platform.NewTenantAsync("developer", plan: "pro");
        await GrantAsync(richId, Marketplace.Billing.Pricing.MaxPrice);
        foreach (var key in new[] { brokeKey, richKey })
        {
            using var caller = platform.Client(key);
            var answer = await A2ARpc.PostAsync(caller, agentId, "SendMessage", TextStats(0));
            Assert.Contains("MARKETPLACE_INSUFFICIENT_CREDITS", answer["error"]?.ToJsonString() ?? answer.ToJsonString());
            var balance = await caller.GetFromJsonAsync<JsonObject>("/api/billing/balance");
            Assert.Equal(0L, balance!["reserved"]!.GetValue<long>());
        }

        await using var backend = await RecordingBackend.StartAsync();
        using var client = platform.Client(brokeKey);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/tools", new
        {
            name = "legacy", description = "Priced before the bounds", inputSchema = new { type = "object" },
            http = new { method = "GET", urlTemplate = backend.Url + "legacy" }, pricing = new { perCall = 1 },
        })).StatusCode);
        await platform.App.Services.GetRequiredService<Marketplace.Mcp.IToolStore>().UpdateAsync(brokeId, "legacy", t => t with { Pricing = wrapped }, default);
        await using var mcp = await McpClients.ConnectAsync(platform.BaseAddress, brokeKey);
        var result = await mcp.CallToolAsync("legacy", new Dictionary<string, object?>());
        Assert.True(result.IsError);
        Assert.Contains("Insufficient credit", Assert.IsType<TextContentBlock>(result.Content[0]).Text);
        Assert.Empty(backend.Requests);
    }

    [Fact]
    public async Task Statements_payouts_and_analytics_agree_with_what_was_charged()
    {
        var (agentId, publisherKey) = await PricedTextAnalystWithPublisherAsync();
        await using var backend = await RecordingBackend.StartAsync();
        var (tenantId, key) = await platform.NewTenantAsync("owner", plan: "pro");
        await GrantAsync(tenantId, 1_000_000);
        using var client = platform.Client(key);
        for (var i = 0; i < 5; i++) Assert.NotNull((await A2ARpc.PostAsync(client, agentId, "SendMessage", TextStats(i)))["result"]);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/tools", new
        {
            name = "lookup", description = "Looks up", inputSchema = new { type = "object" }, http = new { method = "GET", urlTemplate = backend.Url }, pricing = new { perCall = 400 },
        })).StatusCode);
        await using (var mcp = await McpClients.ConnectAsync(platform.BaseAddress, key))
            for (var i = 0; i < 2; i++) Assert.NotEqual(true, (await mcp.CallToolAsync("lookup", new Dictionary<string, object?>())).IsError);

        using var admin = platform.Admin();
        await Eventually.Get(async () => (await admin.GetFromJsonAsync<JsonObject>($"/api/admin/billing/reconcile/{tenantId}"))!["appliedEvents"]!.GetValue<int>() == 7 ? "" : null);
        var period = DateTimeOffset.UtcNow.ToString("yyyy-MM");
        var statement = await client.GetFromJsonAsync<JsonObject>($"/api/billing/statements/{period}");
        Assert.Equal(5 * Price + 800, statement!["total"]!.GetValue<long>());
        Assert.Equal(statement["total"]!.GetValue<long>(), statement["lines"]!.AsArray().Sum(l => l!["amount"]!.GetValue<long>()));
        var csv = await client.GetStringAsync($"/api/billing/statements/{period}?format=csv");
        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("kind,agentId,tool,adjustment,quantity,amountMicroCredits", rows[0]);
        Assert.Equal($"total,,,,,{5 * Price + 800}", rows[^1]);
        Assert.Equal(5 * Price + 800, rows[1..^1].Sum(r => long.Parse(r.Split(',')[^1])));

        using var publisher = platform.Client(publisherKey);
        var payout = await publisher.GetFromJsonAsync<JsonObject>($"/api/billing/payouts/{period}");
        Assert.Equal(4 * Price, payout!["total"]!.GetValue<long>()); // 80% of 5 calls

        // Analytics: the tenant's own usage, and the publisher's view of its agent; nobody else's.
        var usage = await Eventually.Get(async () =>
        {
            var series = await client.GetFromJsonAsync<JsonObject>("/api/analytics/usage?granularity=day");
            var points = series!["points"]!.AsArray();
            return points.Sum(p => p!["calls"]!.GetValue<long>()) == 7 ? points : null;
        });
        Assert.Equal(5 * Price + 800, usage.Sum(p => p!["credits"]!.GetValue<long>()));
        Assert.NotNull(usage[0]!["p50Ms"]);
        var agentUsage = await client.GetFromJsonAsync<JsonObject>($"/api/analytics/usage?agentId={agentId}");
        Assert.Equal(5, agentUsage!["points"]!.AsArray().Sum(p => p!["calls"]!.GetValue<long>()));
        var earned = await Eventually.Get(async () =>
        {
            var series = await publisher.GetFromJsonAsync<JsonObject>($"/api/analytics/agents/{agentId}");
            var points = series!["points"]!.AsArray();
            return points.Sum(p => p!["calls"]!.GetValue<long>()) == 5 ? points : null;
        });
        Assert.Equal(4 * Price, earned.Sum(p => p!["credits"]!.GetValue<long>()));
        await ProblemAssert.IsProblem(await client.GetAsync($"/api/analytics/agents/{agentId}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await client.GetAsync("/api/analytics/usage?granularity=week"), HttpStatusCode.BadRequest);

        // Closing: only past months; the current statement stays open.
        await ProblemAssert.IsProblem(await admin.PostAsync($"/api/admin/billing/statements/{tenantId}/{period}/close", null), HttpStatusCode.BadRequest);
        var lastMonth = DateTimeOffset.UtcNow.AddMonths(-1).ToString("yyyy-MM");
        var closed = await ProblemAssert.ReadObject(await admin.PostAsync($"/api/admin/billing/statements/{tenantId}/{lastMonth}/close", null));
        Assert.Equal(lastMonth, closed["closedThrough"]!.GetValue<string>());
        Assert.True((await client.GetFromJsonAsync<JsonObject>($"/api/billing/statements/{lastMonth}"))!["closed"]!.GetValue<bool>());
        Assert.False(statement["closed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Units_the_agent_reports_are_charged_per_unit_within_what_was_held()
    {
        var (_, publisherKey) = await platform.NewTenantAsync("publisher");
        using var publisher = platform.Client(publisherKey);
        var agentId = (await ProblemAssert.ReadObject(await publisher.PostAsJsonAsync("/api/agents", new
        {
            cardUrl = agents.TextAnalyst.CardUrl, visibility = "public", pricing = new { perCall = 100, perUnit = 10, unit = "words", maxUnits = 100 },
        })))["agentId"]!.GetValue<string>();
        var (tenantId, key) = await platform.NewTenantAsync("developer", plan: "pro");
        await GrantAsync(tenantId, 10_000);
        using var client = platform.Client(key);
        var message = TextStats(0);
        message["message"]!["parts"] = new JsonArray(new JsonObject { ["text"] = "one two three four five" });
        var task = (await A2ARpc.ResultAsync(client, agentId, "SendMessage", message))["task"]!;
        Assert.Equal(5, task["metadata"]!["usage"]!["words"]!.GetValue<int>());

        using var admin = platform.Admin();
        var reconciliation = await Eventually.Get(async () =>
        {
            var r = await admin.GetFromJsonAsync<JsonObject>($"/api/admin/billing/reconcile/{tenantId}");
            return r!["appliedEvents"]!.GetValue<int>() == 1 ? r : null;
        });
        Assert.Equal(150, reconciliation["debits"]!.GetValue<long>()); // 100 per task + 5 words × 10
        var balance = await client.GetFromJsonAsync<JsonObject>("/api/billing/balance");
        Assert.Equal((10_000L - 150, 0L), (balance!["balance"]!.GetValue<long>(), balance["reserved"]!.GetValue<long>()));
    }
}
