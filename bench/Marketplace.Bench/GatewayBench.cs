using System.Net.Http.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using System.Text;
using System.Text.Json.Nodes;
using Marketplace.Agents;
using Marketplace.Agents.TextAnalyst;

namespace Marketplace.Bench;

/// <summary>
/// SendMessage latency and throughput through the gateway versus the same sample agent called directly, at 1, 16
/// and 128 concurrent clients. The skill (text statistics) is instant, so the difference is the gateway's cost.
/// </summary>
public static class GatewayBench
{
    public static async Task RunAsync(BenchEnvironment env, BenchReport report, int requests, int onlyClients = 0)
    {
        var agentPort = BenchEnvironment.FreePort();
        await using var agent = AgentHost.Build([$"--urls=http://127.0.0.1:{agentPort}", "--Logging:LogLevel:Default=Warning"], TextAnalystCard.For,
            new TextStatsSkill(), new KeywordsSkill(), new SummarizeSkill());
        await agent.StartAsync();

        var key = await env.NewTenantKeyAsync("bench-a2a");
        using var publisher = env.Client(key);
        var listing = await (await publisher.PostAsJsonAsync("/api/agents", new { cardUrl = $"http://127.0.0.1:{agentPort}/.well-known/agent-card.json" })).Content.ReadFromJsonAsync<JsonObject>();
        var agentId = listing!["agentId"]!.GetValue<string>();

        var gateway = new Uri(env.BaseAddress, $"/a2a/agents/{agentId}");
        var direct = new Uri($"http://127.0.0.1:{agentPort}/a2a");
        Console.WriteLine($"SendMessage (text-stats, blocking), {requests} requests per run:");
        using var storage = new StorageRequests();
        storage.Start();
        foreach (var concurrency in onlyClients > 0 ? [onlyClients] : new[] { 1, 16, 128 })
        {
            var cpu = ProcessCpu.Start();
            var viaDirect = await Load.RunAsync(concurrency, requests, null, client => SendAsync(client, direct));
            var directCpu = cpu.PerCall(requests + Math.Min(50, requests));
            var before = storage.Snapshot();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            cpu = ProcessCpu.Start();
            var viaGateway = await Load.RunAsync(concurrency, requests, key, client => SendAsync(client, gateway));
            var gatewayCpu = cpu.PerCall(requests + Math.Min(50, requests));
            // CPU time per call (the process's: client, agent, platform and its background work) hardly depends on
            // what else the machine runs, unlike throughput; when the gateway is CPU-bound their ratio predicts it.
            Console.WriteLine($"  {concurrency,3} clients  CPU per call: direct {directCpu.TotalMicroseconds:0} µs, gateway {gatewayCpu.TotalMicroseconds:0} µs (direct/gateway {directCpu / gatewayCpu:P1})");
            // The whole process's allocations (the bench's own client and the platform's background work included),
            // per call: like the storage count, it hardly depends on how busy the machine is.
            Console.WriteLine($"  {concurrency,3} clients  allocated per call: {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / (requests + Math.Min(50, requests)) / 1024.0:0} KiB");
            // Per call, warm-up included; the outbox's sweeps that finish after the run are not counted.
            var perCall = StorageRequests.Per(before, storage.Snapshot(), requests + Math.Min(50, requests)).ToList();
            Console.WriteLine($"  {concurrency,3} clients  storage requests per call: {perCall.Sum(r => r.PerUnit):0.00} ({string.Join(", ", perCall.Take(8).Select(r => $"{r.PerUnit:0.00} {r.Request}"))})");
            Console.WriteLine($"  {concurrency,3} clients  direct:  {viaDirect}");
            Console.WriteLine($"  {concurrency,3} clients  gateway: {viaGateway}");
            report.Add("direct", concurrency, viaDirect);
            report.Add("gateway", concurrency, viaGateway);
            Console.WriteLine($"  {concurrency,3} clients  overhead: p50 x{viaGateway.Latency.At(50) / viaDirect.Latency.At(50):0.0}, throughput x{viaDirect.PerSecond / viaGateway.PerSecond:0.0} lower");
        }
        await agent.StopAsync();
        if (onlyClients is 0 or 1) await StorageFloorAsync(env, report, requests);
    }

    /// <summary>
    /// What the gateway's one durable write costs by itself on this storage: one client committing an entity-group
    /// transaction of two rows (a task row and its usage outbox row, of about their size), one after another. The
    /// gateway's added latency at one client cannot fall below this while the task is durable before the answer.
    /// </summary>
    static async Task StorageFloorAsync(BenchEnvironment env, BenchReport report, int requests)
    {
        var connection = env.App.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["AzureWebJobsStorage"];
        var table = new TableClient(connection, "benchfloor");
        await table.CreateIfNotExistsAsync();
        var payload = new string('x', 1500);
        var latency = new Percentiles();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < requests; i++)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var id = Guid.NewGuid().ToString("N");
            await table.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("bench-a2a", "task-" + id) { ["Body"] = payload }),
                new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("bench-a2a", "outbox-" + id) { ["Body"] = payload[..300] }),
            ]);
            latency.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
        var run = new Load.Run(latency, requests / clock.Elapsed.TotalSeconds);
        Console.WriteLine($"    1 clients  storage floor (one two-row transaction): {run}");
        report.Add("storage-floor", 1, run);
    }

    /// <summary>One blocking SendMessage of the text-stats skill; throws unless the task completed.</summary>
    public static async Task SendAsync(HttpClient client, Uri endpoint)
    {
        var body = new JsonObject
        {
            ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = "SendMessage",
            ["params"] = new JsonObject
            {
                ["message"] = new JsonObject
                {
                    ["messageId"] = Guid.NewGuid().ToString(), ["role"] = "ROLE_USER",
                    ["parts"] = new JsonArray(new JsonObject { ["text"] = "The gateway adds little. Agents do the work." }),
                    ["metadata"] = new JsonObject { ["skill"] = "text-stats" },
                },
            },
        }.ToJsonString();
        using var response = await client.PostAsync(endpoint, new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || !text.Contains("TASK_STATE_COMPLETED")) throw new InvalidOperationException($"Unexpected answer: {text}");
    }
}
