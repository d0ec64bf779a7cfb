using System.ComponentModel.DataAnnotations;

namespace Marketplace.RateLimiting;

/// <summary>
/// How an instance leases slices of a GCRA cell (section <c>RateLimits</c>). A lease is only worth it on a cell whose
/// rate approaches what one entity's conditional writes sustain (a few hundred a second): a slower limit takes at most
/// one write per admitted request anyway, and is decided exactly, one emission per decision.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Most emissions one lease takes; 1 turns leases off. A lease is also at most a quarter of the burst and a quarter second of the rate.</summary>
    [Range(1, 10_000)]
    public int LeaseMax { get; set; } = 32;

    /// <summary>How long a lease's unused emissions stay usable; then they lapse (they are never given back).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:10", ErrorMessage = "RateLimits:LeaseFor must be between 50 ms and 10 s.")]
    public TimeSpan LeaseFor { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Limits of fewer requests per second than this are never leased.</summary>
    [Range(1, 1_000_000)]
    public int LeaseFromPerSecond { get; set; } = 50;

    /// <summary>The most emissions one lease of a cell with this policy may take (1: no lease).</summary>
    public int LeaseCap(RateLimitPolicy policy)
    {
        var perSecond = policy.Limit / policy.Period.TotalSeconds;
        if (perSecond < LeaseFromPerSecond) return 1;
        var quarterSecond = (int)(perSecond * CellLease.DemandWindow.TotalSeconds);
        return Math.Max(1, Math.Min(LeaseMax, Math.Min(policy.Burst / 4, quarterSecond)));
    }
}
