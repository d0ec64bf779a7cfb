using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Xunit;
using Xunit.Abstractions;

namespace Marketplace.Tests.Caching;

/// <summary>
/// Keys, tenants and tool registries are served from each instance's copy: no storage read per request, a change on
/// one instance seen at once there and within 2 s on another, and made-up keys unable to become storage reads.
/// Each test runs two standalone hosts on one fresh storage prefix of the platform's Azurite.
/// </summary>
[Collection("platform")]
public sealed class ReadCacheTests(PlatformFixture platform, SampleAgentsFixture agents, ITestOutputHelper output) : IAsyncLifetime, IClassFixture<SampleAgentsFixture>
{
    readonly string prefix = "c" + Guid.NewGuid().ToString("N")[..8];
    readonly StorageRequestCount storage = new();
    WebApplication first = null!, second = null!;
    Uri firstAddress = null!, secondAddress = null!;

    public async Task InitializeAsync()
    {
        (first, firstAddress) = await PlatformFixture.StartHostAsync(platform.Azurite.ConnectionString, prefix, null, "--Caching:UnknownKeyReadsPerSecond=10");
        (second, secondAddress) = await PlatformFixture.StartHostAsync(platform.Azurite.ConnectionString, prefix, null, "--Caching:UnknownKeyReadsPerSecond=10");
    }

    public async Task DisposeAsync()
    {
        storage.Dispose();
        foreach (var app in new[] { first, second })
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    static HttpClient Client(Uri address, string key)
    {
        var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Add("X-API-Key", key);
        return client;
    }

    async Task<(string TenantId, string Key)> NewTenantAsync()
    {
        using var admin = Client(firstAddress, PlatformFixture.AdminKey);
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..12];
        (await admin.PostAsJsonAsync("/api/tenants", new { name = "Cache " + tenantId, plan = "pro", id = tenantId })).EnsureSuccessStatusCode();
        var key = await ProblemAssert.ReadObject(await admin.PostAsJsonAsync($"/api/tenants/{tenantId}/keys", new { role = "owner" }));
        return (tenantId, key["key"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_key_revoked_on_one_instance_is_refused_there_at_once_and_on_the_other_within_two_seconds()
    {
        var (tenantId, key) = await NewTenantAsync();
        var keyId = key.Split('.')[2];
        using var onFirst = Client(firstAddress, key);
        using var onSecond = Client(secondAddress, key);
        // Both instances have the key in their copy.
        Assert.Equal(HttpStatusCode.OK, (await onFirst.GetAsync($"/api/tenants/{tenantId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onSecond.GetAsync($"/api/tenants/{tenantId}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await onFirst.DeleteAsync($"/api/tenants/{tenantId}/keys/{keyId}")).StatusCode);
        var revoked = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.Unauthorized, (await onFirst.GetAsync($"/api/tenants/{tenantId}")).StatusCode);

        await Eventually.Get(async () => (await onSecond.GetAsync($"/api/tenants/{tenantId}")).StatusCode == HttpStatusCode.Unauthorized ? "refused" : null,
            TimeSpan.FromSeconds(10));
        Assert.True(revoked.Elapsed <= TimeSpan.FromSeconds(2), $"The other instance accepted the revoked key for {revoked.Elapsed.TotalMilliseconds:0} ms.");
    }

    [Fact]
    public async Task Authenticated_requests_read_the_key_and_the_tenant_at_most_once_a_second()
    {
        var (tenantId, key) = await NewTenantAsync();
        using var onSecond = Client(secondAddress, key);
        var keysBefore = storage.Table(prefix + "ApiKeys");
        var tenantsBefore = storage.Table(prefix + "Tenants");
        var elapsed = Stopwatch.StartNew();
        for (var i = 0; i < 100; i++) Assert.Equal(HttpStatusCode.OK, (await onSecond.GetAsync($"/api/tenants/{tenantId}")).StatusCode);
        var bound = (long)Math.Ceiling(elapsed.Elapsed.TotalSeconds) + 1;
        var keyReads = storage.Table(prefix + "ApiKeys") - keysBefore;
        var tenantReads = storage.Table(prefix + "Tenants") - tenantsBefore;
        Assert.InRange(keyReads, 1, bound);
        Assert.InRange(tenantReads, 1, bound);
    }

    [Fact]
    public async Task A_flood_of_made_up_keys_costs_a_bounded_number_of_storage_reads_and_known_keys_still_work()
    {
        var (tenantId, key) = await NewTenantAsync();
        using var http = new HttpClient { BaseAddress = secondAddress };
        var before = storage.Table(prefix + "ApiKeys");
        var elapsed = Stopwatch.StartNew();
        // 300 different keys (in a real tenant and in made-up ones), then one unknown key 200 times.
        var made = Enumerable.Range(0, 300).Select(i => $"mk.{(i % 2 == 0 ? tenantId : "t" + Guid.NewGuid().ToString("N")[..12])}.{Guid.NewGuid():N}.secret").ToList();
        made.AddRange(Enumerable.Repeat($"mk.{tenantId}.nosuchkey.secret", 200));
        await Parallel.ForEachAsync(made, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (k, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/tenants/{tenantId}");
            request.Headers.Add("X-API-Key", k);
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(request, ct)).StatusCode);
        });
        var reads = storage.Table(prefix + "ApiKeys") - before;
        // The budget is 10 reads a second (a second's worth at the start): nowhere near one read per key.
        var bound = 10 * ((long)Math.Ceiling(elapsed.Elapsed.TotalSeconds) + 1);
        Assert.InRange(reads, 1, bound);
        Assert.True(reads < made.Count / 2, $"{reads} reads for {made.Count} made-up keys.");

        // A key this instance already knows is not subject to the budget, even right after the flood.
        using var onFirst = Client(firstAddress, key);
        Assert.Equal(HttpStatusCode.OK, (await onFirst.GetAsync($"/api/tenants/{tenantId}")).StatusCode);
        using var onSecond = Client(secondAddress, key);
        await Eventually.Get(async () => (await onSecond.GetAsync($"/api/tenants/{tenantId}")).StatusCode == HttpStatusCode.OK ? "ok" : null, TimeSpan.FromSeconds(5));
        for (var i = 0; i < 20; i++)
        {
            foreach (var k in made.Take(20))
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/tenants/{tenantId}");
                request.Headers.Add("X-API-Key", k);
                await http.SendAsync(request);
            }
            Assert.Equal(HttpStatusCode.OK, (await onSecond.GetAsync($"/api/tenants/{tenantId}")).StatusCode);
        }
    }

    [Fact]
    public async Task The_tool_registry_is_read_at_most_once_a_second_and_a_deletion_shows_on_the_other_instance_within_two_seconds()
    {
        var (_, key) = await NewTenantAsync();
        using var onFirst = Client(firstAddress, key);
        using var onSecond = Client(secondAddress, key);
        Assert.Equal(HttpStatusCode.Created, (await onFirst.PostAsJsonAsync("/api/tools", new
        {
            name = "probe", description = "Never called",
            inputSchema = new { type = "object" },
            http = new { method = "GET", urlTemplate = "http://127.0.0.1:9/probe" },
        })).StatusCode);
        // Created on the first instance: listed there at once; on the second within the window.
        Assert.Contains("probe", await ToolNamesAsync(onFirst));
        await Eventually.Get(async () => (await ToolNamesAsync(onSecond)).Contains("probe") ? "listed" : null, TimeSpan.FromSeconds(2));

        var before = storage.Table(prefix + "Tools");
        var elapsed = Stopwatch.StartNew();
        for (var i = 0; i < 50; i++) Assert.Contains("probe", await ToolNamesAsync(onSecond));
        Assert.InRange(storage.Table(prefix + "Tools") - before, 0, (long)Math.Ceiling(elapsed.Elapsed.TotalSeconds) + 1);

        Assert.Equal(HttpStatusCode.NoContent, (await onFirst.DeleteAsync("/api/tools/probe")).StatusCode);
        var deleted = Stopwatch.StartNew();
        Assert.DoesNotContain("probe", await ToolNamesAsync(onFirst));
        await Eventually.Get(async () => (await ToolNamesAsync(onSecond)).Contains("probe") ? null : "gone", TimeSpan.FromSeconds(10));
        Assert.True(deleted.Elapsed <= TimeSpan.FromSeconds(2), $"The other instance listed the deleted tool for {deleted.Elapsed.TotalMilliseconds:0} ms.");
    }

    [Fact]
    public async Task SendMessage_and_tools_call_on_a_warm_instance_read_no_key_tenant_or_tool_rows()
    {
        var (_, key) = await NewTenantAsync();
        var (agentId, _) = await agents.PublishAsync(firstAddress, key);
        using var client = Client(firstAddress, key);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/tools", new
        {
            name = "card", description = "The agent's card", inputSchema = new { type = "object" },
            http = new { method = "GET", urlTemplate = agents.TextAnalyst.CardUrl },
        })).StatusCode);
        await SendMessageAsync(client, agentId);
        await CallToolAsync(client, "card");

        // Eight clients at once, so requests far outnumber the seconds the test takes even on a busy machine.
        const int calls = 80;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 8 };
        var elapsed = Stopwatch.StartNew();
        var (totalBefore, authBefore) = (storage.WithPrefix(prefix), AuthAndToolReads());
        await Parallel.ForAsync(0, calls, parallel, async (_, _) => await SendMessageAsync(client, agentId));
        var (sendTotal, sendAuth) = (storage.WithPrefix(prefix) - totalBefore, AuthAndToolReads() - authBefore);
        (totalBefore, authBefore) = (storage.WithPrefix(prefix), AuthAndToolReads());
        await Parallel.ForAsync(0, calls, parallel, async (_, _) => await CallToolAsync(client, "card"));
        var (toolTotal, toolAuth) = (storage.WithPrefix(prefix) - totalBefore, AuthAndToolReads() - authBefore);
        output.WriteLine($"{elapsed.Elapsed.TotalSeconds:0.0} s; key, tenant and tool reads: {sendAuth} for SendMessage, {toolAuth} for tools/call");
        output.WriteLine($"storage requests (workers included) per SendMessage: {(double)sendTotal / calls:0.00}; per tools/call: {(double)toolTotal / calls:0.00}");
        foreach (var (name, count) in storage.Snapshot().Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(e => e.Key)) output.WriteLine($"  {name}: {count}");

        // At most one refresh of each a second, however many requests ran.
        var bound = 3 * ((long)Math.Ceiling(elapsed.Elapsed.TotalSeconds) + 1);
        Assert.InRange(sendAuth + toolAuth, 0, bound);
        // Uncached, every request would read its key and every tools/call its tool: at least 3 reads per pair of requests.
        Assert.True(sendAuth + toolAuth < 2 * calls, $"{sendAuth + toolAuth} key, tenant and tool reads for {2 * calls} requests.");
    }

    long AuthAndToolReads() => storage.Table(prefix + "ApiKeys") + storage.Table(prefix + "Tenants") + storage.Table(prefix + "Tools");

    static async Task SendMessageAsync(HttpClient client, string agentId)
    {
        var result = await A2ARpc.ResultAsync(client, agentId, "SendMessage", new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["messageId"] = Guid.NewGuid().ToString(), ["role"] = "ROLE_USER",
                ["parts"] = new JsonArray(new JsonObject { ["text"] = "Counting round trips. Two sentences." }),
                ["metadata"] = new JsonObject { ["skill"] = "text-stats" },
            },
        });
        Assert.Equal("TASK_STATE_COMPLETED", result["task"]!["status"]!["state"]!.GetValue<string>());
    }

    static async Task CallToolAsync(HttpClient client, string tool)
    {
        var result = await McpAsync(client, new JsonObject
        {
            ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = "tools/call",
            ["params"] = new JsonObject { ["name"] = tool, ["arguments"] = new JsonObject() },
        }.ToJsonString());
        Assert.NotEqual(true, result["isError"]?.GetValue<bool>());
    }

    static async Task<List<string>> ToolNamesAsync(HttpClient client) =>
        (await McpAsync(client, """{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}"""))["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();

    static async Task<JsonNode> McpAsync(HttpClient client, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", "2025-11-25");
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        var json = text.StartsWith('{') ? text : text.Split('\n').First(l => l.StartsWith("data:"))[5..];
        Assert.Null(JsonNode.Parse(json)!["error"]);
        return JsonNode.Parse(json)!["result"]!;
    }
}
