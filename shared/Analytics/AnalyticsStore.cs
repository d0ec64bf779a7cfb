using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Marketplace.Storage;

namespace Marketplace.Analytics;

/// <summary>
/// The Analytics table. Partition = the account viewed (<c>c|{tenant}</c> for a consumer's usage, <c>p|{publisher}</c>
/// for a publisher's agents); rows = one aggregate per granularity, period start and dimension
/// (<c>{h|d}|{start}|{dimension}</c>), plus one marker per applied event (<c>m|{key}</c>). Marker and aggregates of
/// one event commit in one entity-group transaction, so a redelivered event is counted once.
/// </summary>
public sealed class AnalyticsStore(Tables tables)
{
    // Its own stripes: aggregate partitions are hot (every event of a tenant touches its day row), so concurrent
    // events of one partition on this instance take turns instead of racing on ETags.
    readonly StripedLocks locks = new();

    // The aggregate rows this instance last wrote, with the ETags their writes returned: the next batch of a busy
    // partition builds on them without reading them again. Another instance's write changes the ETag, so the
    // transaction fails, the rows are forgotten and read afresh; the counts stay exact either way.
    readonly ConcurrentDictionary<string, TableEntity> written = new(StringComparer.Ordinal);
    const int WrittenCapacity = 10_000;

    TableClient Table => tables.Get(Tables.AnalyticsTable);

    public static string Consumer(string tenantId) => "c|" + tenantId;

    public static string Publisher(string tenantId) => "p|" + tenantId;

    public static string Row(Granularity granularity, DateTimeOffset start, string dimension) =>
        $"{(granularity == Granularity.Hour ? "h" : "d")}|{start.UtcDateTime:yyyy-MM-ddTHH}|{dimension}";

    /// <summary>One aggregate row an event adds to.</summary>
    public sealed record Update(string Row, double? LatencyMs, bool IsError, long Credits);

    /// <summary>An event to count in a partition: its marker key and the rows it adds to.</summary>
    public sealed record Counted(string EventKey, IReadOnlyList<Update> Updates);

    // An entity-group transaction holds at most 100 operations: markers plus the distinct rows they touch.
    const int MaxOperations = 100;

    /// <summary>
    /// Counts each event once in the partition: markers and the aggregate rows they touch, each row read and written
    /// once per transaction. Events counted before (their marker exists) are left out.
    /// </summary>
    public async Task AddAsync(string partition, IReadOnlyList<Counted> events, CancellationToken ct)
    {
        using var held = await locks.AcquireAsync(partition, ct);
        var todo = events.DistinctBy(e => e.EventKey, StringComparer.Ordinal).ToList();
        while (todo.Count > 0)
        {
            var chunk = new List<Counted>();
            var rows = new HashSet<string>(StringComparer.Ordinal);
            foreach (var e in todo)
            {
                var touched = e.Updates.Select(u => u.Row).Where(r => !rows.Contains(r)).Distinct().Count();
                if (chunk.Count > 0 && chunk.Count + 1 + rows.Count + touched > MaxOperations) break;
                chunk.Add(e);
                rows.UnionWith(e.Updates.Select(u => u.Row));
            }
            var current = (await Task.WhenAll(rows.Select(r => written.TryGetValue(Key(partition, r), out var known)
                    ? Task.FromResult<TableEntity?>(known)
                    : Tables.FindAsync<TableEntity>(Table, partition, r, ct))))
                .Zip(rows).ToDictionary(p => p.Second, p => p.First, StringComparer.Ordinal);
            var actions = chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, "m|" + e.EventKey))).ToList();
            foreach (var row in chunk.SelectMany(e => e.Updates).GroupBy(u => u.Row, StringComparer.Ordinal))
            {
                var before = current[row.Key];
                var latency = Counts(before);
                foreach (var ms in row.Select(u => u.LatencyMs).OfType<double>()) latency = LatencyHistogram.Add(latency, ms);
                actions.Add(Tables.AddOrReplace(new TableEntity(partition, row.Key)
                {
                    ["Calls"] = (before?.GetInt64("Calls") ?? 0) + row.Count(),
                    ["Errors"] = (before?.GetInt64("Errors") ?? 0) + row.Count(u => u.IsError),
                    ["Credits"] = (before?.GetInt64("Credits") ?? 0) + row.Sum(u => u.Credits),
                    ["Latency"] = latency is null ? before?.GetString("Latency") ?? "" : string.Join(',', latency),
                }, before?.ETag));
            }
            try
            {
                var responses = await Table.SubmitTransactionAsync(actions, ct);
                Remember(partition, actions.Skip(chunk.Count), responses.Value.Skip(chunk.Count));
                todo.RemoveRange(0, chunk.Count);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409 && ex.FailedTransactionActionIndex is { } i && i < chunk.Count)
            {
                todo.Remove(chunk[i]); // its marker exists: this event was counted before
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                foreach (var row in rows) written.TryRemove(Key(partition, row), out _);
                // Another instance touched the same aggregate (or a marker the index did not name): look again.
                var counted = await Task.WhenAll(chunk.Select(e => Tables.FindAsync<TableEntity>(Table, partition, "m|" + e.EventKey, ct)));
                todo.RemoveAll(e => counted.Zip(chunk).Any(p => p.First is not null && p.Second == e));
            }
        }
    }

    /// <summary>Keeps each aggregate as written, under the ETag its write returned (none returned: read it next time).</summary>
    void Remember(string partition, IEnumerable<TableTransactionAction> aggregates, IEnumerable<Response> responses)
    {
        if (written.Count > WrittenCapacity) written.Clear();
        foreach (var (action, response) in aggregates.Zip(responses))
        {
            var key = Key(partition, action.Entity.RowKey);
            if (response.Headers.ETag is { } etag && action.Entity is TableEntity entity)
            {
                entity.ETag = etag;
                written[key] = entity;
            }
            else written.TryRemove(key, out _);
        }
    }

    static string Key(string partition, string row) => partition + "\n" + row;

    public async Task<IReadOnlyList<(string Row, long Calls, long Errors, long Credits, long[] Latency)>> RangeAsync(
        string partition, Granularity granularity, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var prefix = granularity == Granularity.Hour ? "h|" : "d|";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {prefix + from.UtcDateTime.ToString("yyyy-MM-ddTHH")} and RowKey lt {prefix + to.UtcDateTime.ToString("yyyy-MM-ddTHH") + "~"}");
        var rows = new List<(string, long, long, long, long[])>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            rows.Add((e.RowKey, e.GetInt64("Calls") ?? 0, e.GetInt64("Errors") ?? 0, e.GetInt64("Credits") ?? 0, Counts(e) ?? new long[LatencyHistogram.Buckets]));
        return rows;
    }

    static long[]? Counts(TableEntity? e) =>
        e?.GetString("Latency") is { Length: > 0 } s ? s.Split(',').Select(long.Parse).ToArray() : null;
}
