using System.Text.Json.Nodes;
using Marketplace.Bench;
using Xunit;

namespace Marketplace.Tests.Unit;

/// <summary>The benchmark's <c>--json</c> file has the shape scripts read: suite, then one row per scenario and client count.</summary>
public sealed class BenchReportTests
{
    [Fact]
    public async Task The_json_report_holds_every_result_with_the_documented_field_names()
    {
        var latency = new Percentiles();
        foreach (var ms in new[] { 1.0, 2.0, 3.0, 4.0, 100.0 }) latency.Add(TimeSpan.FromMilliseconds(ms));
        var report = new BenchReport("a2a");
        report.Add("direct", 1, 5838.123, latency);
        report.Add("gateway", 128, new Load.Run(latency, 499.5));

        var path = Path.Combine(Directory.CreateTempSubdirectory("bench-report-").FullName, "nested", "a2a.json");
        try
        {
            await report.WriteAsync(path);
            var json = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
            Assert.Equal(["suite", "results"], json.Select(p => p.Key));
            Assert.Equal("a2a", json["suite"]!.GetValue<string>());
            var results = json["results"]!.AsArray();
            Assert.Equal(2, results.Count);
            foreach (var row in results)
                Assert.Equal(["scenario", "clients", "throughput_per_s", "p50_ms", "p99_ms"], row!.AsObject().Select(p => p.Key));
            Assert.Equal("direct", results[0]!["scenario"]!.GetValue<string>());
            Assert.Equal(1, results[0]!["clients"]!.GetValue<int>());
            Assert.Equal(5838.12, results[0]!["throughput_per_s"]!.GetValue<double>());
            Assert.Equal(3.0, results[0]!["p50_ms"]!.GetValue<double>());
            Assert.Equal(100.0, results[0]!["p99_ms"]!.GetValue<double>());
            Assert.Equal("gateway", results[1]!["scenario"]!.GetValue<string>());
            Assert.Equal(128, results[1]!["clients"]!.GetValue<int>());
            Assert.Equal(499.5, results[1]!["throughput_per_s"]!.GetValue<double>());
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(path))!, recursive: true);
        }
    }

    [Fact]
    public void Sequential_throughput_is_the_samples_over_their_summed_time()
    {
        var latency = new Percentiles();
        for (var i = 0; i < 4; i++) latency.Add(TimeSpan.FromMilliseconds(250));
        Assert.Equal(4, latency.Count);
        Assert.Equal(4.0, latency.SequentialPerSecond, 6);
    }
}
