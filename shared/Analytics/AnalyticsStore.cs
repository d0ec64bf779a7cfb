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

    TableClient Table => tables.Get(Tables.AnalyticsTable);

    public static string Consumer(string tenantId) => "c|" + tenantId;

    public static string Publisher(string tenantId) => "p|" + tenantId;

    public static string Row(Granularity granularity, DateTimeOffset start, string dimension) =>
        $"{(granularity == Granularity.Hour ? "h" : "d")}|{start.UtcDateTime:yyyy-MM-ddTHH}|{dimension}";

    /// <summary>False when the event was already counted in this partition.</summary>
    public async Task<bool> AddAsync(string partition, string eventKey, IReadOnlyList<(string Row, double? LatencyMs, bool IsError, long Credits)> updates, CancellationToken ct)
    {
        using var _ = await locks.AcquireAsync(partition, ct);
        while (true)
        {
            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, new TableEntity(partition, "m|" + eventKey)) };
            foreach (var (row, latency, isError, credits) in updates)
            {
                var current = await Tables.FindAsync<TableEntity>(Table, partition, row, ct);
                var next = new TableEntity(partition, row)
                {
                    ["Calls"] = (current?.GetInt64("Calls") ?? 0) + 1,
                    ["Errors"] = (current?.GetInt64("Errors") ?? 0) + (isError ? 1 : 0),
                    ["Credits"] = (current?.GetInt64("Credits") ?? 0) + credits,
                    ["Latency"] = latency is { } ms ? string.Join(',', LatencyHistogram.Add(Counts(current), ms)) : current?.GetString("Latency") ?? "",
                };
                actions.Add(Tables.AddOrReplace(next, current?.ETag));
            }
            try
            {
                await Table.SubmitTransactionAsync(actions, ct);
                return true;
            }
            catch (TableTransactionFailedException ex) when (ex.FailedTransactionActionIndex == 0 && ex.Status == 409)
            {
                return false; // the marker exists: this event was counted before
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another instance touched the same aggregate: read it again.
            }
        }
    }

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
