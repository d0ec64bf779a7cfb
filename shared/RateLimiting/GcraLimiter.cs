using Azure;
using Azure.Data.Tables;
using Marketplace.Storage;

namespace Marketplace.RateLimiting;

/// <summary>A rate: <c>Limit</c> requests per <c>Period</c>, of which up to <c>Burst</c> may come at once.</summary>
public sealed record RateLimitPolicy(string Name, int Limit, TimeSpan Period, int Burst)
{
    public TimeSpan Interval => Period / Limit;
}

/// <summary>The outcome of one request: allowed or not, how many more fit now, and when to retry.</summary>
public sealed record RateLimitDecision(bool Allowed, int Remaining, TimeSpan RetryAfter, TimeSpan Reset);

/// <summary>
/// The generic cell rate algorithm with its one number of state (the theoretical arrival time) in Table storage,
/// written with the entity's ETag: every instance shares the same cell, so the limit is not multiplied by the
/// number of instances, and a lost race simply decides again on the winner's state.
/// </summary>
public sealed class GcraLimiter(Tables tables, TimeProvider clock)
{
    TableClient Table => tables.Get(Tables.RateLimitsTable);

    public async Task<RateLimitDecision> AcquireAsync(string partition, string key, RateLimitPolicy policy, CancellationToken ct)
    {
        while (true)
        {
            var entity = await Tables.FindAsync<TableEntity>(Table, partition, key, ct);
            var now = clock.GetUtcNow().UtcTicks;
            var decision = Decide(entity?.GetInt64("Tat") ?? now, now, policy, out var newTat);
            if (!decision.Allowed) return decision;
            var updated = new TableEntity(partition, key) { ["Tat"] = newTat };
            try
            {
                if (entity is null) await Table.AddEntityAsync(updated, ct);
                else await Table.UpdateEntityAsync(updated, entity.ETag, TableUpdateMode.Replace, ct);
                return decision;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another instance took a slot meanwhile: decide again on its state.
            }
        }
    }

    /// <summary>Pure GCRA: each request moves the arrival time one interval on; it may run at most a burst ahead of now.</summary>
    public static RateLimitDecision Decide(long storedTat, long now, RateLimitPolicy policy, out long newTat)
    {
        var interval = policy.Interval.Ticks;
        var tolerance = interval * policy.Burst;
        var tat = Math.Max(storedTat, now);
        newTat = tat + interval;
        var allowAt = newTat - tolerance;
        if (allowAt > now)
        {
            newTat = storedTat;
            return new RateLimitDecision(false, 0, TimeSpan.FromTicks(allowAt - now), TimeSpan.FromTicks(tat - now));
        }
        var remaining = (int)((now - allowAt) / interval);
        return new RateLimitDecision(true, remaining, TimeSpan.Zero, TimeSpan.FromTicks(newTat - now));
    }
}
