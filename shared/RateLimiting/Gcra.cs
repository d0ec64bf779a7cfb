namespace Marketplace.RateLimiting;

/// <summary>
/// What one conditional write of a cell takes: <c>Granted</c> emissions (0 on a refusal), the theoretical arrival
/// time to write back (unchanged on a refusal), the moment of the decision, and the decision for the request that
/// asked (its <c>Remaining</c> counts the granted emissions it did not use as still available).
/// </summary>
public sealed record GcraGrant(int Granted, long Tat, long At, RateLimitDecision Decision);

/// <summary>
/// The generic cell rate algorithm, pure. Its one number of state is the theoretical arrival time (TAT): each emission
/// moves it one interval on, and it may run at most a burst ahead of now.
/// </summary>
public static class Gcra
{
    /// <summary>
    /// Takes up to <paramref name="wanted"/> emissions at once (a lease), as many as the burst allows now: granting
    /// <c>n</c> is the same as <c>n</c> single decisions in a row, so the cell's bound holds whoever uses them. A lease
    /// takes at least half of what it asks for, or nothing: an instance that met a drained cell then comes back for a
    /// lease's worth instead of taking the odd emission that refilled meanwhile with a write of its own. Refused, the
    /// <c>RetryAfter</c> is when <paramref name="wanted"/> emissions will fit (for one: when the next does).
    /// </summary>
    public static GcraGrant Grant(long storedTat, long now, RateLimitPolicy policy, int wanted)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(wanted, 1);
        var interval = policy.Interval.Ticks;
        var tolerance = interval * policy.Burst;
        var tat = Math.Max(storedTat, now);
        var fit = (int)Math.Max(0, (now + tolerance - tat) / interval);
        var granted = fit >= (wanted + 1) / 2 ? Math.Min(wanted, fit) : 0;
        if (granted == 0)
            return new GcraGrant(0, storedTat, now,
                new RateLimitDecision(false, 0, TimeSpan.FromTicks(tat + wanted * interval - tolerance - now), TimeSpan.FromTicks(tat - now)));
        var newTat = tat + granted * interval;
        return new GcraGrant(granted, newTat, now, new RateLimitDecision(true, fit - 1, TimeSpan.Zero, TimeSpan.FromTicks(newTat - now)));
    }
}
