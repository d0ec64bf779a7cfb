using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using ModelContextProtocol.Protocol;
using Xunit;

namespace Marketplace.Tests.Billing;

/// <summary>
/// Plan limits on the test platform's "free" plan: 600 requests, 120 calls per agent and per tool a minute, one
/// second of burst, 3 billable calls a month.
/// </summary>
[Collection("platform-gateway")]
public sealed class RateLimitTests(PlatformFixture platform, SampleAgentsFixture agents) : IClassFixture<SampleAgentsFixture>
{
    [Fact]
    public async Task Rest_requests_beyond_the_plan_rate_get_429_with_retry_after_and_ratelimit_headers()
    {
        var (_, key) = await platform.NewTenantAsync("developer", plan: "free");
        using var client = platform.Client(key);
        // Sent at once, so the burst (10) runs out whatever the machine's speed; how many pass over time is the
        // limiter's property test's to pin down (GcraLimiterTests), not a wall-clock measurement's. On a machine so
        // slow that a whole burst is paid back while it is served, the next burst (sent at once again) meets the limit.
        var clock = Stopwatch.StartNew();
        var responses = new List<HttpResponseMessage>();
        List<HttpResponseMessage> refused = [];
        for (var burst = 0; burst < 10 && refused.Count == 0; burst++)
        {
            responses.AddRange(await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => client.GetAsync("/api/billing/balance"))));
            refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        }
        var elapsed = clock.Elapsed;
        var allowed = responses.Where(r => r.IsSuccessStatusCode).ToList();
        Assert.All(allowed, r => Assert.Equal("\"tenant\";q=600;w=60", r.Headers.GetValues("RateLimit-Policy").Single()));
        Assert.Contains(allowed, r => r.Headers.GetValues("RateLimit").Single().StartsWith("\"tenant\";r=9;", StringComparison.Ordinal));
        Assert.InRange(allowed.Count, 10, 10 + (int)(elapsed.TotalMilliseconds / 100) + 1);
        Assert.Equal(responses.Count, allowed.Count + refused.Count);
        Assert.NotEmpty(refused);
        var problem = await ProblemAssert.IsProblem(refused[0], HttpStatusCode.TooManyRequests);
        Assert.Equal("urn:marketplace:problem:rate-limited", problem["type"]!.GetValue<string>());
        Assert.True(int.Parse(refused[0].Headers.GetValues("Retry-After").Single()) >= 1);
        // The platform admin is never limited.
        using var admin = platform.Admin();
        for (var i = 0; i < 15; i++) Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/health")).StatusCode);
    }

    [Fact]
    public async Task Agent_calls_are_limited_per_agent_and_the_monthly_quota_stops_billable_calls()
    {
        var (_, publisherKey) = await platform.NewTenantAsync("publisher");
        var (textAnalyst, _) = await agents.PublishAsync(platform.BaseAddress, publisherKey);
        var (_, key) = await platform.NewTenantAsync("owner", plan: "free");
        using var client = platform.Client(key);
        // Both limits that apply to a gateway call are listed on its response.
        using var probe = new HttpRequestMessage(HttpMethod.Post, $"/a2a/agents/{textAnalyst}")
        {
            Content = JsonContent.Create(new { jsonrpc = "2.0", id = 1, method = "GetTask", @params = new { id = "tsk-none" } }),
        };
        probe.Headers.Add("A2A-Version", "1.0");
        var probed = await client.SendAsync(probe);
        Assert.Equal("\"tenant\";q=600;w=60, \"agent\";q=120;w=60", probed.Headers.GetValues("RateLimit-Policy").Single());
        // Sent at once, so the agent's burst (two, one of them used by the probe) runs out whatever the machine's speed;
        // a burst served so slowly that the limit refilled meanwhile is followed by another.
        var clock = Stopwatch.StartNew();
        var answers = new List<JsonNode>();
        for (var burst = 0; burst < 10 && !answers.Any(IsRateLimited); burst++)
            answers.AddRange(await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => A2ARpc.PostAsync(client, textAnalyst, "SendMessage", new JsonObject
            {
                ["message"] = new JsonObject { ["messageId"] = Guid.NewGuid().ToString(), ["role"] = "ROLE_USER", ["parts"] = new JsonArray(new JsonObject { ["text"] = "hi" }) },
            }))));
        var served = answers.Count(a => a["result"] is not null);
        Assert.Contains(answers, IsRateLimited);
        Assert.Equal(answers.Count, served + answers.Count(IsRateLimited));
        // 120 a minute is one every 500 ms, after the one the probe left of the burst.
        Assert.InRange(served, 1, 1 + (int)(clock.Elapsed.TotalMilliseconds / 500) + 1);

        // Quota: three billable calls this month on the free plan, whatever tools they go to. A tenant of its own, so
        // the requests above have not spent the burst of its per-tenant limit however fast they were served.
        var (quotaTenantId, quotaKey) = await platform.NewTenantAsync("owner", plan: "free");
        using var quotaClient = platform.Client(quotaKey);
        await using var backend = await RecordingBackend.StartAsync();
        using var admin = platform.Admin();
        await ProblemAssert.ReadObject(await admin.PostAsJsonAsync($"/api/admin/tenants/{quotaTenantId}/credits", new { amount = 1_000_000 }));
        foreach (var name in new[] { "a", "b" })
            Assert.Equal(HttpStatusCode.Created, (await quotaClient.PostAsJsonAsync("/api/tools", new
            {
                name, description = "priced", inputSchema = new { type = "object" }, http = new { method = "GET", urlTemplate = backend.Url + name }, pricing = new { perCall = 10 },
            })).StatusCode);
        await using var mcp = await McpClients.ConnectAsync(platform.BaseAddress, quotaKey);
        var results = new List<CallToolResult>();
        foreach (var name in new[] { "a", "a", "b", "b" }) results.Add(await mcp.CallToolAsync(name, new Dictionary<string, object?>()));
        Assert.Equal([false, false, false, true], results.Select(r => r.IsError == true));
        Assert.Contains("quota", Assert.IsType<TextContentBlock>(results[3].Content[0]).Text);
        Assert.Equal(3, backend.Requests.Count);
    }

    /// <summary>A tool's own limit and the plan's limit per tool are two cells: neither spends the other's budget.</summary>
    [Fact]
    public async Task A_tools_own_limit_and_the_plans_tool_limit_are_counted_apart()
    {
        await using var backend = await RecordingBackend.StartAsync();
        var (_, key) = await platform.NewTenantAsync("owner", plan: "free");
        using var client = platform.Client(key);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/tools", new
        {
            name = "slow", description = "limited", inputSchema = new { type = "object" }, http = new { method = "GET", urlTemplate = backend.Url + "slow" },
            rateLimit = new { perMinute = 2, burst = 2 },
        })).StatusCode);
        await using var mcp = await McpClients.ConnectAsync(platform.BaseAddress, key);
        var results = new List<CallToolResult>();
        for (var i = 0; i < 3; i++) results.Add(await mcp.CallToolAsync("slow", new Dictionary<string, object?>()));
        // Two calls fit both the tool's burst (2) and the plan's (120 a minute, a second of burst: 2); the third meets the tool's own.
        Assert.Equal([false, false, true], results.Select(r => r.IsError == true));
        Assert.Contains("Rate limit of 2 calls per minute", Assert.IsType<TextContentBlock>(results[2].Content[0]).Text);
        Assert.Equal(2, backend.Requests.Count);
    }

    static bool IsRateLimited(JsonNode answer) => answer["error"]?.ToJsonString().Contains("MARKETPLACE_RATE_LIMITED") == true;
}
