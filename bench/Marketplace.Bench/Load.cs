using System.Diagnostics;

namespace Marketplace.Bench;

/// <summary>A closed-loop load: <c>concurrency</c> clients share <c>requests</c> calls after a short warm-up (<c>warmUp</c> calls, one at a time).</summary>
public static class Load
{
    public sealed record Run(Percentiles Latency, double PerSecond)
    {
        public override string ToString() => $"{PerSecond,7:0} req/s, {Latency}";
    }

    public static async Task<Run> RunAsync(int concurrency, int requests, string? key, Func<HttpClient, Task> call, int warmUp = 50)
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency });
        client.DefaultRequestHeaders.Add("A2A-Version", "1.0");
        if (key is not null) client.DefaultRequestHeaders.Add("X-API-Key", key);
        for (var i = 0; i < Math.Min(warmUp, requests); i++) await call(client);
        var latency = new Percentiles();
        var next = -1;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < requests)
            {
                var started = Stopwatch.GetTimestamp();
                await call(client);
                latency.Add(Stopwatch.GetElapsedTime(started));
            }
        }));
        return new Run(latency, requests / total.Elapsed.TotalSeconds);
    }
}
