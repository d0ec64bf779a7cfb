using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Marketplace.Storage;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Mcp;

/// <summary>
/// Every tool call is audited once, and one tenant's concurrent calls share their audit writes: the rows go in
/// entity-group transactions, so the audit table sees fewer single-row inserts than there were calls.
/// </summary>
[Collection("platform")]
public sealed class ToolCallAuditTests(PlatformFixture platform)
{
    const int Calls = 40;

    [Fact]
    public async Task Concurrent_calls_of_one_tenant_are_each_audited_once_in_shared_transactions()
    {
        var (_, key) = await platform.NewTenantAsync("developer");
        using var client = platform.Client(key);
        var created = await client.PostAsJsonAsync("/api/tools", new
        {
            name = "health",
            description = "Reports the marketplace's health",
            inputSchema = new { type = "object", properties = new { } },
            http = new { method = "GET", urlTemplate = new Uri(platform.BaseAddress, "/api/health").ToString() },
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

        using var storage = new StorageRequestCount();
        var audit = platform.StoragePrefix + Tables.ToolCallsTable;
        var before = storage.Table(audit);
        var results = await Task.WhenAll(Enumerable.Range(0, Calls).Select(_ => CallAsync(client)));
        var inserts = storage.Table(audit) - before;

        Assert.All(results, r => Assert.NotEqual(true, r["isError"]?.GetValue<bool>()));
        var metrics = await ProblemAssert.ReadObject(await client.GetAsync("/api/tools/health/metrics"));
        Assert.Equal((Calls, 0), (metrics["calls"]!.GetValue<int>(), metrics["errors"]!.GetValue<int>()));
        // Forty rows, fewer single-row inserts: the rest went in shared transactions (entity-group batches name no table).
        Assert.InRange(inserts, 0, Calls - 1);
    }

    static async Task<JsonNode> CallAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent(new JsonObject
            {
                ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = "tools/call", ["params"] = new JsonObject { ["name"] = "health", ["arguments"] = new JsonObject() },
            }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", "2025-11-25");
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        var json = response.Content.Headers.ContentType?.MediaType == "text/event-stream"
            ? text.Split('\n').First(l => l.StartsWith("data:", StringComparison.Ordinal))["data:".Length..]
            : text;
        return JsonNode.Parse(json)!["result"] ?? throw new InvalidOperationException(json);
    }
}
