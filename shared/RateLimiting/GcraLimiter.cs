using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Marketplace.Storage;
using Microsoft.Extensions.Options;

namespace Marketplace.RateLimiting;

/// <summary>A rate: <c>Limit</c> requests per <c>Period</c>, of which up to <c>Burst</c> may come at once.</summary>
public sealed record RateLimitPolicy(string Name, int Limit, TimeSpan Period, int Burst)
{
    public TimeSpan Interval => Period / Limit;
}

/// <summary>The outcome of one request: allowed or not, how many more fit now, and when to retry.</summary>
public sealed record RateLimitDecision(bool Allowed, int Remaining, TimeSpan RetryAfter, TimeSpan Reset);

/// <summary>
/// GCRA with its one number of state (the theoretical arrival time) in Table storage, written with the entity's ETag:
/// every instance shares the same cell, so the limit is not multiplied by the number of instances, and a lost race
/// simply decides again on the winner's state. Each instance takes emissions from a cell in leases
/// (<see cref="CellLease"/>), one conditional write each, so a hot cell sees one write per lease, not per request.
/// </summary>
public sealed class GcraLimiter(Tables tables, TimeProvider clock, IOptions<RateLimitOptions> options)
{
    // Cells this instance has not used for this long are dropped (their state is only a saving of round trips).
    static readonly TimeSpan IdleFor = TimeSpan.FromSeconds(30);

    readonly ConcurrentDictionary<(string Partition, string Key), CellLease> cells = new();
    long sweptAt = clock.GetUtcNow().UtcTicks;

    TableClient Table => tables.Get(Tables.RateLimitsTable);

    public Task<RateLimitDecision> AcquireAsync(string partition, string key, RateLimitPolicy policy, CancellationToken ct)
    {
        Sweep();
        var cell = cells.GetOrAdd((partition, key), _ => NewLease(policy));
        // A changed plan or tool limit starts afresh: what was leased or refused under the old policy does not carry over.
        if (cell.Policy != policy) cells[(partition, key)] = cell = NewLease(policy);
        return cell.DecideAsync((wanted, token) => TakeAsync(partition, key, policy, wanted, token), ct);
    }

    CellLease NewLease(RateLimitPolicy policy) => new(policy, options.Value.LeaseCap(policy), options.Value.LeaseFor, clock);

    /// <summary>Reads the cell and takes what it grants in one conditional write, again on the winner's state after a lost race.</summary>
    async Task<GcraGrant> TakeAsync(string partition, string key, RateLimitPolicy policy, int wanted, CancellationToken ct)
    {
        while (true)
        {
            var entity = await Tables.FindAsync<TableEntity>(Table, partition, key, ct);
            var now = clock.GetUtcNow().UtcTicks;
            var grant = Gcra.Grant(entity?.GetInt64("Tat") ?? now, now, policy, wanted);
            if (grant.Granted == 0) return grant;
            var updated = new TableEntity(partition, key) { ["Tat"] = grant.Tat };
            try
            {
                if (entity is null) await Table.AddEntityAsync(updated, ct);
                else await Table.UpdateEntityAsync(updated, entity.ETag, TableUpdateMode.Replace, ct);
                return grant;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another instance took emissions meanwhile: decide again on its state.
            }
        }
    }

    void Sweep()
    {
        var now = clock.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref sweptAt);
        if (now - last < IdleFor.Ticks || Interlocked.CompareExchange(ref sweptAt, now, last) != last) return;
        foreach (var (id, cell) in cells)
            if (cell.IsIdle(IdleFor)) cells.TryRemove(new KeyValuePair<(string, string), CellLease>(id, cell));
    }
}
