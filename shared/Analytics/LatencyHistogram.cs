namespace Marketplace.Analytics;

/// <summary>
/// Latencies in logarithmic buckets (each 25% wider than the last, from 1 ms): two histograms merge by adding
/// counts, so hours add up to days exactly, and a percentile is read back within one bucket's width (±12.5%).
/// </summary>
public static class LatencyHistogram
{
    public const int Buckets = 64;
    const double Growth = 1.25;

    public static int BucketOf(double ms) => ms <= 1 ? 0 : Math.Min(Buckets - 1, (int)Math.Ceiling(Math.Log(ms) / Math.Log(Growth)));

    /// <summary>The bucket's upper bound in milliseconds.</summary>
    public static double UpperBound(int bucket) => Math.Pow(Growth, bucket);

    public static long[] Add(long[]? counts, double ms)
    {
        var next = counts is { Length: Buckets } ? (long[])counts.Clone() : new long[Buckets];
        next[BucketOf(ms)]++;
        return next;
    }

    public static double? Percentile(long[] counts, double p)
    {
        var total = counts.Sum();
        if (total == 0) return null;
        var rank = (long)Math.Ceiling(p * total);
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank) return Math.Round(UpperBound(i), 2);
        }
        return Math.Round(UpperBound(counts.Length - 1), 2);
    }
}
