using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Registry;
using Marketplace.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Bench;

/// <summary>Publishes N agents over HTTP, then measures search latency in process and over HTTP.</summary>
public static class RegistryBench
{
    static readonly string[] Words =
    [
        "text", "summary", "keywords", "translation", "vision", "image", "audio", "speech", "invoice", "contract", "legal", "finance",
        "forecast", "weather", "travel", "booking", "calendar", "email", "support", "ticket", "code", "review", "testing", "security",
        "compliance", "sales", "marketing", "research", "medical", "chemistry", "math", "units", "conversion", "geography", "maps",
        "recipes", "nutrition", "fitness", "music", "video", "subtitles", "ocr", "pdf", "spreadsheet", "database", "sql", "graph",
        "planning", "logistics", "inventory", "pricing", "tax", "hr", "recruiting", "onboarding", "sentiment", "classification",
    ];

    public static async Task RunAsync(BenchEnvironment env, BenchReport report, int agents)
    {
        using var client = env.Client(await env.NewTenantKeyAsync("bench", "publisher"));

        const int concurrency = 16;
        var publish = new Percentiles();
        var next = -1;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < agents)
            {
                var started = Stopwatch.GetTimestamp();
                (await client.PostAsJsonAsync("/api/agents", new { card = Card(i) })).EnsureSuccessStatusCode();
                publish.Add(Stopwatch.GetElapsedTime(started));
            }
        }));
        total.Stop();
        report.Add("publish", concurrency, agents / total.Elapsed.TotalSeconds, publish);
        Console.WriteLine($"publish: {agents} agents over HTTP, {concurrency} concurrent clients: {agents / total.Elapsed.TotalSeconds:0} agents/s; {publish}");

        var index = env.App.Services.GetRequiredService<AgentSearchIndex>();
        var caller = new Caller(false, "bench", "k", Role.Reader);
        var queries = Enumerable.Range(0, 2_000).Select(i => $"{Words[i % Words.Length]} {Words[(i * 7 + 3) % Words.Length]}").ToList();
        foreach (var q in queries.Take(200)) index.Search(Query(q), caller); // warm-up
        var inProcess = new Percentiles();
        foreach (var q in queries)
        {
            var started = Stopwatch.GetTimestamp();
            index.Search(Query(q), caller);
            inProcess.Add(Stopwatch.GetElapsedTime(started));
        }
        report.Add("search-in-process", 1, inProcess.SequentialPerSecond, inProcess);
        Console.WriteLine($"search in process ({index.Count} listings, 2-word queries, limit 20): {inProcess}");

        foreach (var q in queries.Take(100)) await client.GetStringAsync($"/api/agents?q={Uri.EscapeDataString(q)}");
        var overHttp = new Percentiles();
        foreach (var q in queries)
        {
            var started = Stopwatch.GetTimestamp();
            await client.GetStringAsync($"/api/agents?q={Uri.EscapeDataString(q)}");
            overHttp.Add(Stopwatch.GetElapsedTime(started));
        }
        report.Add("search-http", 1, overHttp.SequentialPerSecond, overHttp);
        Console.WriteLine($"search over HTTP (sequential, key auth included): {overHttp}");

        var filtered = new Percentiles();
        foreach (var q in queries.Take(500))
        {
            var started = Stopwatch.GetTimestamp();
            await client.GetStringAsync($"/api/agents?tag={q.Split(' ')[0]}&limit=50");
            filtered.Add(Stopwatch.GetElapsedTime(started));
        }
        report.Add("filter-http", 1, filtered.SequentialPerSecond, filtered);
        Console.WriteLine($"filter-only search over HTTP (tag, limit 50): {filtered}");
    }

    static AgentSearchQuery Query(string q) => new(q, null, null, null, null, null, null, 20, null);

    static JsonObject Card(int i)
    {
        string W(int k) => Words[(i * 31 + k * 17) % Words.Length];
        return new JsonObject
        {
            ["name"] = $"{W(1)} {W(2)} agent {i}",
            ["description"] = $"Handles {W(3)}, {W(4)} and {W(5)} for teams that need {W(6)}.",
            ["version"] = "1.0.0",
            ["supportedInterfaces"] = new JsonArray(new JsonObject { ["url"] = $"https://agent{i}.example.com/a2a", ["protocolBinding"] = "JSONRPC", ["protocolVersion"] = "1.0" }),
            ["capabilities"] = new JsonObject { ["streaming"] = i % 2 == 0 },
            ["defaultInputModes"] = new JsonArray("text/plain"),
            ["defaultOutputModes"] = new JsonArray("application/json"),
            ["skills"] = new JsonArray(
                new JsonObject { ["id"] = W(7), ["name"] = $"{W(7)} skill", ["description"] = $"Does {W(8)} with {W(9)}", ["tags"] = new JsonArray(W(10), W(11)) },
                new JsonObject { ["id"] = W(12) + "-2", ["name"] = $"{W(12)} helper", ["description"] = $"Helps with {W(13)}", ["tags"] = new JsonArray(W(14)) }),
        };
    }
}
