using System.ComponentModel.DataAnnotations;

namespace Marketplace.Caching;

/// <summary>
/// How long an instance may answer from its copy of keys, tenants and tool registries (section <c>Caching</c>).
/// The default second keeps the promise that a revoked key is refused on every instance within 2 s: one second of
/// freshness plus the read that follows it.
/// </summary>
public sealed class ReadCacheOptions
{
    public const string Section = "Caching";

    [Range(typeof(TimeSpan), "00:00:00", "00:00:01.5", ErrorMessage = "Caching:FreshFor must be between 0 and 1.5 s, so a revoked key stops working everywhere within 2 s.")]
    public TimeSpan FreshFor { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Entries per cache (keys, tenants, tool registries each have their own).</summary>
    [Range(100, 10_000_000)]
    public int Capacity { get; set; } = 100_000;

    /// <summary>
    /// Storage reads per second this instance spends on API keys it has never seen: the ceiling on what a flood of
    /// made-up keys can cost. Past it, an unseen key is refused unread until the budget refills.
    /// </summary>
    [Range(1, 100_000)]
    public int UnknownKeyReadsPerSecond { get; set; } = 100;
}
