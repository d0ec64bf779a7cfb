namespace Marketplace.Bench;

/// <summary>Latency samples in milliseconds, summarized as p50/p99 (nearest-rank).</summary>
public sealed class Percentiles
{
    readonly List<double> samples = [];

    public void Add(TimeSpan elapsed)
    {
        lock (samples) samples.Add(elapsed.TotalMilliseconds);
    }

    public int Count
    {
        get { lock (samples) return samples.Count; }
    }

    /// <summary>Samples per second of their summed time: the throughput of a run that took them one at a time.</summary>
    public double SequentialPerSecond
    {
        get { lock (samples) return samples.Count / (samples.Sum() / 1000); }
    }

    public double At(double p)
    {
        var sorted = samples.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public override string ToString() => $"p50 {At(50):0.000} ms, p99 {At(99):0.000} ms (n={samples.Count})";
}
