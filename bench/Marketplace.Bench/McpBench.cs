using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Marketplace.Agents;
using Marketplace.Agents.TextAnalyst;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Marketplace.Bench;

/// <summary>
/// <c>tools/call</c> latency and throughput through the MCP hub for an HTTP tool and an agent-skill tool, versus
/// calling the same backend directly (a plain GET, and an A2A SendMessage to the agent), at 1 and 16 clients.
/// </summary>
public static class McpBench
{
    public static async Task RunAsync(BenchEnvironment env, BenchReport report, int requests)
    {
        var backendPort = BenchEnvironment.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{backendPort}");
        await using var backend = builder.Build();
        backend.MapGet("/quote/{symbol}", (string symbol) => Results.Json(new { symbol, price = 42.5 }));
        await backend.StartAsync();

        var agentPort = BenchEnvironment.FreePort();
        await using var agent = AgentHost.Build([$"--urls=http://127.0.0.1:{agentPort}", "--Logging:LogLevel:Default=Warning"], TextAnalystCard.For,
            new TextStatsSkill(), new KeywordsSkill(), new SummarizeSkill());
        await agent.StartAsync();

        var key = await env.NewTenantKeyAsync("bench-mcp");
        using var owner = env.Client(key);
        var listing = await (await owner.PostAsJsonAsync("/api/agents", new { cardUrl = $"http://127.0.0.1:{agentPort}/.well-known/agent-card.json" })).Content.ReadFromJsonAsync<JsonObject>();
        (await owner.PostAsJsonAsync("/api/tools", new
        {
            name = "quote", description = "Stock quote", inputSchema = new { type = "object", properties = new { symbol = new { type = "string" } }, required = new[] { "symbol" } },
            http = new { method = "GET", urlTemplate = $"http://127.0.0.1:{backendPort}/quote/{{symbol}}" },
        })).EnsureSuccessStatusCode();
        (await owner.PostAsJsonAsync("/api/tools", new { name = "text-stats", skill = new { agentId = listing!["agentId"]!.GetValue<string>(), skillId = "text-stats" } })).EnsureSuccessStatusCode();

        var mcp = new Uri(env.BaseAddress, "/mcp");
        Console.WriteLine($"tools/call, {requests} requests per run:");
        foreach (var concurrency in new[] { 1, 16 })
        {
            await Report(report, "HTTP tool", "http", concurrency, requests,
                await Load.RunAsync(concurrency, requests, null, client => GetAsync(client, $"http://127.0.0.1:{backendPort}/quote/MSFT")),
                () => Load.RunAsync(concurrency, requests, key, client => CallAsync(client, mcp, "quote", new JsonObject { ["symbol"] = "MSFT" })));
            await Report(report, "Agent skill", "skill", concurrency, requests,
                await Load.RunAsync(concurrency, requests, null, client => GatewayBench.SendAsync(client, new Uri($"http://127.0.0.1:{agentPort}/a2a"))),
                () => Load.RunAsync(concurrency, requests, key, client => CallAsync(client, mcp, "text-stats", new JsonObject { ["text"] = "The hub adds little. Agents do the work." })));
        }
        await agent.StopAsync();
        await backend.StopAsync();
    }

    /// <summary>Prints both runs; the JSON names them <c>{scenario}-tool</c> (through the hub) and <c>{scenario}-direct</c>.</summary>
    static async Task Report(BenchReport report, string kind, string scenario, int concurrency, int requests, Load.Run direct, Func<Task<Load.Run>> hub)
    {
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = ProcessCpu.Start();
        var viaHub = await hub();
        var calls = requests + Math.Min(50, requests);
        // Like the a2a suite's: the whole process's, per call, and hardly dependent on how busy the machine is.
        Console.WriteLine($"  {kind,-11} {concurrency,2} clients  per call via hub: {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / calls / 1024.0:0} KiB allocated, {cpu.PerCall(calls).TotalMicroseconds:0} µs CPU");
        report.Add($"{scenario}-tool", concurrency, viaHub);
        report.Add($"{scenario}-direct", concurrency, direct);
        Console.WriteLine($"  {kind,-11} {concurrency,2} clients  direct:  {direct}");
        Console.WriteLine($"  {kind,-11} {concurrency,2} clients  via hub: {viaHub}");
    }

    static async Task GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsStringAsync();
    }

    static async Task CallAsync(HttpClient client, Uri mcp, string tool, JsonObject arguments)
    {
        var body = new JsonObject
        {
            ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = "tools/call",
            ["params"] = new JsonObject { ["name"] = tool, ["arguments"] = arguments },
        }.ToJsonString();
        using var request = new HttpRequestMessage(HttpMethod.Post, mcp) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", "2025-11-25");
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || !text.Contains("\"content\"") || text.Contains("\"isError\":true")) throw new InvalidOperationException($"Unexpected answer: {text}");
    }
}
