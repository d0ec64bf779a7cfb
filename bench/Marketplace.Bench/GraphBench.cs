using Marketplace.Serialization;
using System.Diagnostics;
using System.Text.Json;
using Marketplace.Events;
using Marketplace.Graph;
using Marketplace.Http;
using Marketplace.Registry;
using Marketplace.Reviews;
using Marketplace.Tenancy;
using Microsoft.Extensions.Options;

namespace Marketplace.Bench;

/// <summary>
/// The embedded graph at marketplace scale: N agents, M finished tasks and a run per ten tasks fed through the graph
/// projector, then recommendation latency (candidates by skill, graph proximity, ranking), log replay and memory.
/// </summary>
public static class GraphBench
{
    const int Tenants = 1_000, Skills = 50, SkillsPerAgent = 2, AgentsPerRun = 3;

    public static async Task RunAsync(BenchReport report, int agents, int tasks)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("marketplace-graph-bench-").FullName, "graph.jsonl");
        var random = new Random(42);
        // A few agents do most of the work, as in any marketplace: the agent of a task is drawn from a power law.
        string Popular() => Agent((int)(agents * Math.Pow(random.NextDouble(), 3)));
        var at = DateTimeOffset.UtcNow;
        var listings = Enumerable.Range(0, agents).Select(i => Listing(i, at)).ToList();

        var feed = Stopwatch.StartNew();
        using (var graph = new EmbeddedGraph(path))
        {
            var projector = new GraphProjector(graph);
            foreach (var listing in listings) await projector.ProjectAsync(AgentEvents.Published(listing), default);
            for (var t = 0; t < tasks; t++)
            {
                var data = new TaskEventData($"tsk-{t}", Popular(), "publisher", "ctx", random.Next(10) == 0 ? "Failed" : "Completed", at, at);
                await projector.ProjectAsync(new IntegrationEvent($"task:{t}", Topics.TaskUpdates, SystemEvents.TaskFinishedType, "/bench", data.TaskId, at,
                    Tenant(random.Next(Tenants)), JsonSerializer.SerializeToElement(data, Json.Lenient)), default);
            }
            for (var r = 0; r < tasks / 10; r++)
            {
                var runAgents = Enumerable.Range(0, AgentsPerRun).Select(_ => Popular()).ToList();
                var run = new WorkflowRunEventData(Tenant(random.Next(Tenants)), $"run-{r}", "wf", 1, "completed",
                    [.. runAgents.Select((a, i) => new WorkflowStepExecution($"step{i}", "agent", i + 1, "completed", at) { AgentId = a, TaskId = $"tsk-run-{r}-{i}" })]);
                await projector.ProjectAsync(WorkflowEvents.Finished(run, at), default);
            }
        }
        feed.Stop();
        Console.WriteLine($"feed: {agents} agent events, {tasks} task.finished events, {tasks / 10} run.finished events ({AgentsPerRun} agents each) " +
            $"through the projector in {feed.Elapsed.TotalSeconds:0.0} s; log {new FileInfo(path).Length / 1024.0 / 1024.0:0} MiB");

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var replay = Stopwatch.StartNew();
        using var replayed = new EmbeddedGraph(path);
        replay.Stop();
        var memory = GC.GetTotalMemory(forceFullCollection: true) - before;
        Console.WriteLine($"replay: {replay.Elapsed.TotalSeconds:0.00} s; graph in memory {memory / 1024.0 / 1024.0:0} MiB (managed heap growth)");

        var signals = new AgentSignals(Options.Create(new ReviewOptions()));
        var stats = Stopwatch.StartNew();
        signals.Replace([], await replayed.TaskStatsAsync(default));
        stats.Stop();
        Console.WriteLine($"ranking signals from the graph (task stats of every agent): {stats.Elapsed.TotalMilliseconds:0} ms");
        var index = new AgentSearchIndex(signals);
        foreach (var listing in listings) index.Upsert(listing);
        var recommender = new Recommender(replayed, index, signals);

        Caller Caller(int i) => new(false, Tenant(i % Tenants), "k", Role.Reader);
        string Skill(int i) => $"skill-{i % Skills}";
        for (var i = 0; i < 200; i++) await recommender.RecommendAsync(Caller(i * 7), Skill(i), 10, default); // warm-up
        var latency = new Percentiles();
        var candidates = 0L;
        for (var i = 0; i < 2_000; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var page = await recommender.RecommendAsync(Caller(i * 13), Skill(i * 3), 10, default);
            latency.Add(Stopwatch.GetElapsedTime(started));
            candidates += index.WithSkill(Skill(i * 3), Caller(i * 13)).Count;
        }
        report.Add("recommend", 1, latency.SequentialPerSecond, latency);
        Console.WriteLine($"recommendations (2,000 queries, random tenant and skill, ~{candidates / 2_000} candidates each, top 10): " +
            $"p50 {latency.At(50):0.000} ms, p95 {latency.At(95):0.000} ms, p99 {latency.At(99):0.000} ms");

        var proximity = new Percentiles();
        for (var i = 0; i < 2_000; i++)
        {
            var ids = index.WithSkill(Skill(i * 3), Caller(i * 13)).Select(l => l.AgentId).ToList();
            var started = Stopwatch.GetTimestamp();
            await replayed.ProximityAsync(Tenant(i * 13 % Tenants), ids, default);
            proximity.Add(Stopwatch.GetElapsedTime(started));
        }
        report.Add("proximity", 1, proximity.SequentialPerSecond, proximity);
        Console.WriteLine($"graph proximity alone: p50 {proximity.At(50):0.000} ms, p95 {proximity.At(95):0.000} ms, p99 {proximity.At(99):0.000} ms");
    }

    static string Tenant(int i) => $"tenant-{i}";

    static string Agent(int i) => $"agt-{i:D6}";

    static AgentListing Listing(int i, DateTimeOffset at)
    {
        var skills = Enumerable.Range(0, SkillsPerAgent).Select(k => $"skill-{(i * 7 + k * 13) % Skills}").Distinct()
            .Select(id => new AgentSkill(id, id, "A skill", ["bench"])).ToList();
        var card = new AgentCard($"Agent {i}", "A generated agent", [new AgentInterface($"https://agent{i}.example.com/a2a", "JSONRPC", "1.0")], "1.0.0",
            new AgentCapabilities(), ["text/plain"], ["application/json"], skills);
        return new AgentListing(Agent(i), Tenant(i % Tenants), Visibility.Public, ListingStatus.Active, 1, at, at, card);
    }
}
