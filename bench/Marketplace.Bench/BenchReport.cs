using System.Text.Json;
using System.Text.Json.Serialization;

namespace Marketplace.Bench;

/// <summary>One measured scenario, as scripts read it: throughput and latency at a number of concurrent clients.</summary>
public sealed record BenchResult(
    [property: JsonPropertyName("scenario")] string Scenario,
    [property: JsonPropertyName("clients")] int Clients,
    [property: JsonPropertyName("throughput_per_s")] double ThroughputPerSecond,
    [property: JsonPropertyName("p50_ms")] double P50Ms,
    [property: JsonPropertyName("p99_ms")] double P99Ms);

/// <summary>
/// A suite's results for <c>--json PATH</c>: <c>{ "suite": …, "results": [ { "scenario", "clients",
/// "throughput_per_s", "p50_ms", "p99_ms" } ] }</c>, written beside the table the suite prints.
/// </summary>
public sealed class BenchReport(string suite)
{
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    readonly List<BenchResult> results = [];

    public string Suite { get; } = suite;

    public IReadOnlyList<BenchResult> Results => results;

    public void Add(string scenario, int clients, double throughputPerSecond, Percentiles latency) =>
        Add(scenario, clients, throughputPerSecond, latency.At(50), latency.At(99));

    public void Add(string scenario, int clients, Load.Run run) => Add(scenario, clients, run.PerSecond, run.Latency);

    public void Add(string scenario, int clients, double throughputPerSecond, double p50Ms, double p99Ms)
    {
        lock (results) results.Add(new BenchResult(scenario, clients, Math.Round(throughputPerSecond, 2), Math.Round(p50Ms, 3), Math.Round(p99Ms, 3)));
    }

    public string ToJson() => JsonSerializer.Serialize(new Document(Suite, results), Indented);

    public async Task WriteAsync(string path)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory) Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(path, ToJson());
    }

    sealed record Document([property: JsonPropertyName("suite")] string Suite, [property: JsonPropertyName("results")] IReadOnlyList<BenchResult> Results);
}
