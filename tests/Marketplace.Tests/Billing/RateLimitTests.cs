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
[Collection("platform")]
public sealed class RateLimitTests(PlatformFixture platform, SampleAgentsFixture agents) : IClassFixture<SampleAgentsFixture>
{
    [Fact]
    public async Task Rest_requests_beyond_the_plan_rate_get_429_with_retry_after_and_ratelimit_headers()
    {
        var (_, key) = await platform.NewTenantAsync("developer", plan: "free");
        using var client = platform.Client(key);
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 15; i++) responses.Add(await client.GetAsync("/api/billing/balance"));
        Assert.Equal("\"tenant\";q=600;w=60", responses[0].Headers.GetValues("RateLimit-Policy").Single());
        Assert.StartsWith("\"tenant\";r=9;", responses[0].Headers.GetValues("RateLimit").Single());
        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.InRange(refused.Count, 3, 5);
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
        var (tenantId, key) = await platform.NewTenantAsync("owner", plan: "free");
        using var client = platform.Client(key);
        // Both limits that apply to a gateway call are listed on its response.
        using var probe = new HttpRequestMessage(HttpMethod.Post, $"/a2a/agents/{textAnalyst}")
        {
            Content = JsonContent.Create(new { jsonrpc = "2.0", id = 1, method = "GetTask", @params = new { id = "tsk-none" } }),
        };
        probe.Headers.Add("A2A-Version", "1.0");
        var probed = await client.SendAsync(probe);
        Assert.Equal("\"tenant\";q=600;w=60, \"agent\";q=120;w=60", probed.Headers.GetValues("RateLimit-Policy").Single());
        var answers = new List<JsonNode>();
        for (var i = 0; i < 3; i++)
            answers.Add(await A2ARpc.PostAsync(client, textAnalyst, "SendMessage", new JsonObject
            {
                ["message"] = new JsonObject { ["messageId"] = Guid.NewGuid().ToString(), ["role"] = "ROLE_USER", ["parts"] = new JsonArray(new JsonObject { ["text"] = "hi" }) },
            }));
        Assert.NotNull(answers[0]["result"]);
        Assert.Contains("MARKETPLACE_RATE_LIMITED", answers[2]["error"]!.ToJsonString()); // the probe and one call used the burst of two

        // Quota: three billable calls this month on the free plan, whatever tools they go to.
        await using var backend = await RecordingBackend.StartAsync();
        using var admin = platform.Admin();
        await ProblemAssert.ReadObject(await admin.PostAsJsonAsync($"/api/admin/tenants/{tenantId}/credits", new { amount = 1_000_000 }));
        foreach (var name in new[] { "a", "b" })
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/tools", new
            {
                name, description = "priced", inputSchema = new { type = "object" }, http = new { method = "GET", urlTemplate = backend.Url + name }, pricing = new { perCall = 10 },
            })).StatusCode);
        await using var mcp = await McpClients.ConnectAsync(platform.BaseAddress, key);
        var results = new List<CallToolResult>();
        foreach (var name in new[] { "a", "a", "b", "b" }) results.Add(await mcp.CallToolAsync(name, new Dictionary<string, object?>()));
        Assert.Equal([false, false, false, true], results.Select(r => r.IsError == true));
        Assert.Contains("quota", Assert.IsType<TextContentBlock>(results[3].Content[0]).Text);
        Assert.Equal(3, backend.Requests.Count);
    }

    [Fact]
    public async Task Two_instances_sharing_storage_enforce_one_rate_within_five_percent()
    {
        var (_, key) = await platform.NewTenantAsync("developer", plan: "free");
        var (second, secondAddress) = await PlatformFixture.StartHostAsync(platform.Azurite.ConnectionString, platform.StoragePrefix, null,
            "--Billing:Plans:free:RequestsPerMinute=600", "--Billing:Plans:free:BurstSeconds=1");
        try
        {
            HttpClient Client(Uri address)
            {
                var client = new HttpClient { BaseAddress = address };
                client.DefaultRequestHeaders.Add("X-API-Key", key);
                return client;
            }
            using var first = Client(platform.BaseAddress);
            using var other = Client(secondAddress);
            var allowed = 0;
            var clock = Stopwatch.StartNew();
            var duration = TimeSpan.FromSeconds(10);
            await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
            {
                var client = i % 2 == 0 ? first : other;
                while (clock.Elapsed < duration)
                    if ((await client.GetAsync("/api/billing/balance")).IsSuccessStatusCode) Interlocked.Increment(ref allowed);
            }));
            // GCRA admits the burst (10) plus one request per interval (100 ms) of the run, whichever instance serves it.
            var expected = 10 + clock.Elapsed.TotalSeconds * 10;
            Assert.InRange(allowed, expected * 0.95, expected * 1.05);
        }
        finally
        {
            await second.StopAsync();
            await second.DisposeAsync();
        }
    }
}
