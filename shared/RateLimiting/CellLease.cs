namespace Marketplace.RateLimiting;

/// <summary>
/// One instance's share of one GCRA cell: the emissions it leased from the cell in one conditional write and has not
/// used yet, and the time before which it knows the cell has none for it. Decisions are taken locally against these
/// when they can; otherwise one request at a time takes a new lease from the cell, sized by the calls this instance
/// saw on the cell in the last <see cref="DemandWindow"/> (at least 1, at most <c>leaseCap</c>), while the others
/// wait for it. A quiet cell therefore asks for one emission per decision, exactly as if there were no lease.
/// </summary>
/// <remarks>
/// Unused emissions lapse when the lease expires instead of being given back. A give-back would cost a second write
/// per lease and, on a hot cell, mostly fail its ETag (others advanced the cell meanwhile); and because the cell's
/// arrival time then never moves back, a refusal read from it stays true until its retry time, so refusals are
/// answered here without reading the cell again.
/// </remarks>
public sealed class CellLease(RateLimitPolicy policy, int leaseCap, TimeSpan leaseFor, TimeProvider clock)
{
    public static readonly TimeSpan DemandWindow = TimeSpan.FromMilliseconds(250);

    readonly Lock gate = new();
    readonly SemaphoreSlim taking = new(1, 1);

    // The lease: emissions left, usable before leaseUntil; the cell's arrival time and its own remaining when taken.
    int left;
    long leaseUntil, cellTat;
    int cellRemaining;

    // The cell had nothing for this instance before refusedUntil (a lease's worth, as asked when refused).
    long refusedUntil, refusedTat;

    // Calls seen in the current and the previous demand window.
    long windowStart;
    int thisWindow, lastWindow;
    long lastCall;

    public RateLimitPolicy Policy => policy;

    /// <summary>
    /// Decides one request: from the lease or a remembered refusal when possible, else with
    /// <paramref name="take"/>, which asks the cell for the given number of emissions.
    /// </summary>
    public async Task<RateLimitDecision> DecideAsync(Func<int, CancellationToken, Task<GcraGrant>> take, CancellationToken ct)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow().UtcTicks;
            Count(now);
            if (TryDecideLocally(now) is { } local) return local;
        }
        await taking.WaitAsync(ct);
        try
        {
            int wanted;
            lock (gate)
            {
                // Whoever held the turn before may have taken a lease (or met a refusal) that answers this request too.
                if (TryDecideLocally(clock.GetUtcNow().UtcTicks) is { } local) return local;
                wanted = Math.Clamp(Math.Max(thisWindow, lastWindow), 1, leaseCap);
            }
            var grant = await take(wanted, ct);
            lock (gate) return Apply(grant);
        }
        finally
        {
            taking.Release();
        }
    }

    /// <summary>True when nothing here is worth keeping: no usable lease, no standing refusal, no call for a while.</summary>
    public bool IsIdle(TimeSpan idleFor)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow().UtcTicks;
            return now - lastCall >= idleFor.Ticks && now >= leaseUntil && now >= refusedUntil && taking.CurrentCount == 1;
        }
    }

    void Count(long now)
    {
        lastCall = now;
        if (now - windowStart >= DemandWindow.Ticks)
        {
            lastWindow = now - windowStart < 2 * DemandWindow.Ticks ? thisWindow : 0;
            thisWindow = 0;
            windowStart = now;
        }
        thisWindow++;
    }

    RateLimitDecision? TryDecideLocally(long now)
    {
        if (left > 0 && now < leaseUntil)
        {
            left--;
            return new RateLimitDecision(true, cellRemaining + left, TimeSpan.Zero, TimeSpan.FromTicks(Math.Max(0, cellTat - now)));
        }
        if (now < refusedUntil)
            return new RateLimitDecision(false, 0, TimeSpan.FromTicks(refusedUntil - now), TimeSpan.FromTicks(Math.Max(0, refusedTat - now)));
        return null;
    }

    RateLimitDecision Apply(GcraGrant grant)
    {
        var decision = grant.Decision;
        if (grant.Granted == 0)
        {
            (refusedUntil, refusedTat) = (grant.At + decision.RetryAfter.Ticks, grant.At + decision.Reset.Ticks);
            return decision;
        }
        // The first emission answers the asking request; the rest are the lease (Remaining counts them already).
        left = grant.Granted - 1;
        leaseUntil = grant.At + leaseFor.Ticks;
        cellTat = grant.Tat;
        cellRemaining = decision.Remaining - left;
        return decision;
    }
}
