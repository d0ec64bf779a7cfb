using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Marketplace.Bench;

/// <summary>
/// Workflow runs per second and per-step overhead, on the in-memory Durable backend and then on the Azure Storage
/// backend on Azurite (the same sidecar, a fresh task hub), in one invocation. The workflow has five top-level
/// steps, the second a three-way fan-out: <c>start → fan(a, b, c) → join → save → finish</c>, every leaf an HTTP tool
/// on a loopback backend that answers at once, so the time is the marketplace's. A one-step workflow (a single tool
/// step) gives the fixed cost of a run.
/// </summary>
public static class WorkflowBench
{
    /// <summary>Steps a run of the five-step workflow records: five top-level steps and one tool step per branch.</summary>
    const int TopLevelSteps = 5, StepsExecuted = 8, CriticalPathCalls = 5;

    sealed record Figures(string Backend, string Workflow, int Clients, int Count, Load.Run Run, Percentiles Recorded, RunCost Cost);

    /// <summary>
    /// The whole process's CPU time and allocations per run measured (host, sidecar, bench clients and the loopback
    /// backend), and Azurite's CPU time apart: unlike the timings, they hardly depend on how busy the machine is.
    /// </summary>
    sealed record RunCost(double CpuMs, double AllocatedKiB, double AzuriteCpuMs)
    {
        public static (TimeSpan Cpu, long Bytes, TimeSpan Azurite) Now(BenchEnvironment env)
        {
            using var self = Process.GetCurrentProcess();
            return (self.TotalProcessorTime, GC.GetTotalAllocatedBytes(precise: true), env.StorageCpu);
        }

        public static RunCost Since(BenchEnvironment env, (TimeSpan Cpu, long Bytes, TimeSpan Azurite) start, int runs)
        {
            var (cpu, bytes, azurite) = Now(env);
            return new((cpu - start.Cpu).TotalMilliseconds / runs, (bytes - start.Bytes) / 1024.0 / runs, (azurite - start.Azurite).TotalMilliseconds / runs);
        }

        public override string ToString() => $"{CpuMs:0.0} CPU ms and {AllocatedKiB:0} KiB allocated per run, Azurite {AzuriteCpuMs:0.0} CPU ms per run";
    }

    static string Spread(Percentiles p) => $"{p.At(50):0} / {p.At(95):0} / {p.At(99):0} ms";

    /// <param name="profile">Also print the storage requests each run made, by resource (<see cref="StorageRequests"/>).</param>
    public static async Task RunAsync(BenchEnvironment env, BenchReport report, int runs, bool profile)
    {
        using var requests = profile ? new StorageRequests() : null;
        // The backend answers every tool call at once; the call of the last step tells the bench its run is about to end.
        var finishing = new ConcurrentDictionary<string, TaskCompletionSource>();
        var backendPort = BenchEnvironment.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{backendPort}");
        await using var backend = builder.Build();
        backend.MapGet("/step/{name}/{tag}", (string name, string tag) =>
        {
            if (name == "finish" && finishing.TryGetValue(tag, out var done)) done.TrySetResult();
            return Results.Json(new { name, score = tag.Length });
        });
        await backend.StartAsync();
        var direct = await Load.RunAsync(1, 1_000, null, async client =>
        {
            using var response = await client.GetAsync($"http://127.0.0.1:{backendPort}/step/probe/x");
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsStringAsync();
        });
        var backendMs = direct.Latency.At(50) * CriticalPathCalls;
        Console.WriteLine($"backend alone: {direct}; {CriticalPathCalls} calls on the critical path of a run = {backendMs:0.00} ms");

        var results = new List<Figures>();
        var hub = "bench" + Guid.NewGuid().ToString("N")[..8];
        foreach (var (name, scenario, settings) in new[]
        {
            ("in-memory", "in-memory", Array.Empty<string>()),
            ("Azure Storage (Azurite)", "azurite", ["--Durable:Backend=AzureStorage", $"--Durable:TaskHub={hub}"]),
        })
        {
            if (settings.Length > 0) await env.RestartHostAsync(settings);
            var tenant = $"bench-wf-{results.Count}";
            var key = await env.NewTenantKeyAsync(tenant);
            using var owner = env.Client(key);
            (await owner.PostAsJsonAsync("/api/tools", new
            {
                name = "step", description = "Answers at once",
                inputSchema = new { type = "object", properties = new { name = new { type = "string" }, tag = new { type = "string" } }, required = new[] { "name", "tag" } },
                http = new { method = "GET", urlTemplate = $"http://127.0.0.1:{backendPort}/step/{{name}}/{{tag}}" },
            })).EnsureSuccessStatusCode();
            await CreatedAsync(await owner.PostAsJsonAsync("/api/workflows", FanOut()));
            await CreatedAsync(await owner.PostAsJsonAsync("/api/workflows", Definition("one", Tool("finish", "{{/input/tag}}"))));

            async Task<Figures> MeasureAsync(string workflow, int steps, int clients, int count)
            {
                var recorded = new Percentiles();
                JsonObject? last = null;
                Func<HttpClient, Task> call = async client => last = await RunOnceAsync(client, env.BaseAddress, workflow, steps, finishing, recorded);
                using (var warm = env.Client(key))
                    for (var i = 0; i < 5; i++) await RunOnceAsync(warm, env.BaseAddress, workflow, steps, finishing, null);
                requests?.Start();
                var before = requests?.Snapshot();
                var costFrom = RunCost.Now(env);
                var run = await Load.RunAsync(clients, count, key, call, warmUp: 0);
                var cost = RunCost.Since(env, costFrom, count);
                if (requests is not null)
                {
                    PrintProfile(StorageRequests.Per(before!, requests.Snapshot(), count).ToList());
                    PrintTimeline(last!);
                }
                // The 5-step fan-out run is the suite's figure; the one-step run is its baseline.
                report.Add(workflow == "one" ? $"{scenario}-one-step" : scenario, clients, run);
                Console.WriteLine($"  {name}, {workflow}, {clients} clients: {run.PerSecond:0.0} runs/s, observed {run.Latency}; recorded (createdAt → finishedAt) {recorded}; {cost}");
                return new Figures(name, workflow, clients, count, run, recorded, cost);
            }

            Console.WriteLine($"{name}:");
            results.Add(await MeasureAsync("one", 1, 1, runs));
            results.Add(await MeasureAsync("fan5", StepsExecuted, 1, runs));
            results.Add(await MeasureAsync("fan5", StepsExecuted, 8, runs));
        }

        Console.WriteLine();
        Console.WriteLine("| Backend | Workflow | Clients | Runs | Runs/s | Observed p50 / p95 / p99 | Recorded p50 / p95 / p99 | CPU ms / run | KiB allocated / run | Azurite CPU ms / run |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var f in results)
            Console.WriteLine($"| {f.Backend} | {f.Workflow} | {f.Clients} | {f.Count} | {f.Run.PerSecond:0.0} | {Spread(f.Run.Latency)} | {Spread(f.Recorded)} | {f.Cost.CpuMs:0.0} | {f.Cost.AllocatedKiB:0} | {f.Cost.AzuriteCpuMs:0.0} |");
        Console.WriteLine();
        Console.WriteLine("Per-step overhead, one client, from recorded p50:");
        foreach (var backendName in results.Select(f => f.Backend).Distinct())
        {
            var one = results.First(f => f.Backend == backendName && f.Workflow == "one").Recorded.At(50);
            var five = results.First(f => f.Backend == backendName && f.Workflow == "fan5" && f.Clients == 1).Recorded.At(50);
            Console.WriteLine($"  {backendName}: per top-level step {(five - backendMs) / TopLevelSteps:0.0} ms ((run − backend) / {TopLevelSteps}); " +
                $"per step added {(five - one) / (TopLevelSteps - 1):0.0} ms ((5-step − 1-step) / {TopLevelSteps - 1}); one-step run {one:0.0} ms");
        }
    }

    static void PrintProfile(List<(string Request, double PerUnit)> perRun)
    {
        Console.WriteLine($"  storage requests per run: {perRun.Sum(r => r.PerUnit):0.0}");
        foreach (var (request, perUnit) in perRun.Take(30)) Console.WriteLine($"    {perUnit,6:0.0}  {request}");
    }

    /// <summary>
    /// When each step of a run started and finished, in milliseconds from the run's creation (the last run measured):
    /// a gap between one step's end and the next one's start is the platform's, not a step's.
    /// </summary>
    static void PrintTimeline(JsonObject view)
    {
        var created = view["run"]!["createdAt"]!.GetValue<DateTimeOffset>();
        string At(JsonNode? time) => time is null ? "-" : $"{(time.GetValue<DateTimeOffset>() - created).TotalMilliseconds,6:0}";
        Console.WriteLine("  timeline of the last run (ms from its creation: started → finished):");
        foreach (var step in view["steps"]!.AsArray().OrderBy(s => s!["startedAt"]!.GetValue<DateTimeOffset>()))
            Console.WriteLine($"    {At(step!["startedAt"])} → {At(step["finishedAt"])}  {step["stepPath"]}");
        Console.WriteLine($"    {"",6}   {At(view["run"]!["finishedAt"])}  (run finished)");
    }

    /// <summary>Starts a run, waits for its last tool call, then polls until the run has ended; throws unless it completed every step. Returns the run's final view.</summary>
    static async Task<JsonObject> RunOnceAsync(HttpClient client, Uri marketplace, string workflow, int steps, ConcurrentDictionary<string, TaskCompletionSource> finishing, Percentiles? recorded)
    {
        var tag = Guid.NewGuid().ToString("N");
        var done = finishing[tag] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            using var started = await client.PostAsJsonAsync(new Uri(marketplace, $"/api/workflows/{workflow}/runs"), new JsonObject { ["input"] = new JsonObject { ["tag"] = tag } });
            if (started.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"Run not started: {await started.Content.ReadAsStringAsync()}");
            var runId = (await started.Content.ReadFromJsonAsync<JsonObject>())!["runId"]!.GetValue<string>();
            // Waiting for the last call first keeps the polling (Table reads on the same Azurite) out of the measurement.
            await done.Task.WaitAsync(TimeSpan.FromSeconds(60));
            while (true)
            {
                var view = (await client.GetFromJsonAsync<JsonObject>(new Uri(marketplace, $"/api/runs/{runId}")))!;
                var run = view["run"]!;
                var state = run["state"]!.GetValue<string>();
                if (state is "pending" or "running")
                {
                    await Task.Delay(5);
                    continue;
                }
                if (state != "completed" || view["steps"]!.AsArray().Count != steps) throw new InvalidOperationException($"Unexpected run: {view.ToJsonString()}");
                recorded?.Add(run["finishedAt"]!.GetValue<DateTimeOffset>() - run["createdAt"]!.GetValue<DateTimeOffset>());
                return view;
            }
        }
        finally
        {
            finishing.TryRemove(tag, out _);
        }
    }

    static async Task CreatedAsync(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"Workflow not created: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>start → fan (three branches of one tool step each) → join (reads the branches' outputs) → save → finish.</summary>
    static JsonObject FanOut() => Definition("fan5",
        Tool("start", "{{/input/tag}}"),
        new JsonObject
        {
            ["id"] = "fan", ["kind"] = "parallel",
            ["branches"] = new JsonArray([.. new[] { "a", "b", "c" }.Select(b => new JsonObject { ["id"] = b, ["steps"] = new JsonArray(Tool("score-" + b, "{{/input/tag}}")) })]),
        },
        Tool("join", "{{/steps/fan/output/a/data/score}}-{{/steps/fan/output/b/data/score}}-{{/steps/fan/output/c/data/score}}"),
        Tool("save", "{{/steps/join/output/data/score}}"),
        Tool("finish", "{{/input/tag}}"));

    static JsonObject Tool(string id, string tag) => new()
    {
        ["id"] = id, ["kind"] = "tool", ["tool"] = "step", ["arguments"] = new JsonObject { ["name"] = id, ["tag"] = tag },
    };

    static JsonObject Definition(string id, params JsonObject[] steps) => new() { ["id"] = id, ["name"] = id, ["steps"] = new JsonArray(steps) };
}
