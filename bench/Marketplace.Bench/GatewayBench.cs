using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;
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
    public static async Task RunAsync(BenchEnvironment env, int requests)
    {
        var agentPort = FreePort();
        await using var agent = AgentHost.Build([$"--urls=http://127.0.0.1:{agentPort}", "--Logging:LogLevel:Default=Warning"], TextAnalystCard.For,
            new TextStatsSkill(), new KeywordsSkill(), new SummarizeSkill());
        await agent.StartAsync();

        using var admin = Client(env.BaseAddress, BenchEnvironment.AdminKey);
        (await admin.PostAsJsonAsync("/api/tenants", new { id = "bench-a2a", name = "Bench", plan = "pro" })).EnsureSuccessStatusCode();
        var key = (await (await admin.PostAsJsonAsync("/api/tenants/bench-a2a/keys", new { role = "owner" })).Content.ReadFromJsonAsync<JsonObject>())!["key"]!.GetValue<string>();
        using var publisher = Client(env.BaseAddress, key);
        var listing = await (await publisher.PostAsJsonAsync("/api/agents", new { cardUrl = $"http://127.0.0.1:{agentPort}/.well-known/agent-card.json" })).Content.ReadFromJsonAsync<JsonObject>();
        var agentId = listing!["agentId"]!.GetValue<string>();

        var gateway = new Uri(env.BaseAddress, $"/a2a/agents/{agentId}");
        var direct = new Uri($"http://127.0.0.1:{agentPort}/a2a");
        Console.WriteLine($"SendMessage (text-stats, blocking), {requests} requests per run:");
        foreach (var concurrency in new[] { 1, 16, 128 })
        {
            var viaDirect = await MeasureAsync(direct, null, concurrency, requests);
            var viaGateway = await MeasureAsync(gateway, key, concurrency, requests);
            Console.WriteLine($"  {concurrency,3} clients  direct:  {viaDirect}");
            Console.WriteLine($"  {concurrency,3} clients  gateway: {viaGateway}");
            Console.WriteLine($"  {concurrency,3} clients  overhead: p50 x{viaGateway.Latency.At(50) / viaDirect.Latency.At(50):0.0}, throughput x{viaDirect.PerSecond / viaGateway.PerSecond:0.0} lower");
        }
        await agent.StopAsync();
    }

    sealed record Run(Percentiles Latency, double PerSecond)
    {
        public override string ToString() => $"{PerSecond,7:0} req/s, {Latency}";
    }

    static async Task<Run> MeasureAsync(Uri endpoint, string? key, int concurrency, int requests)
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency });
        client.DefaultRequestHeaders.Add("A2A-Version", "1.0");
        if (key is not null) client.DefaultRequestHeaders.Add("X-API-Key", key);
        for (var i = 0; i < Math.Min(50, requests); i++) await SendAsync(client, endpoint); // warm-up
        var latency = new Percentiles();
        var next = -1;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < requests)
            {
                var started = Stopwatch.GetTimestamp();
                await SendAsync(client, endpoint);
                latency.Add(Stopwatch.GetElapsedTime(started));
            }
        }));
        return new Run(latency, requests / total.Elapsed.TotalSeconds);
    }

    static async Task SendAsync(HttpClient client, Uri endpoint)
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

    static HttpClient Client(Uri baseAddress, string key)
    {
        var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Add("X-API-Key", key);
        return client;
    }

    static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
