using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Marketplace.Storage;

namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// Counts the storage requests the marketplace's clients send, per table, from their own meter: a real count of
/// round trips, not an estimate. Filter by full names (with their storage prefix) to see one host set's.
/// </summary>
public sealed class StorageRequestCount : IDisposable
{
    readonly MeterListener listener = new();
    readonly ConcurrentDictionary<string, long> byName = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, long> writesByName = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<ActivityTraceId, ConcurrentQueue<string>> byTrace = new();

    /// <param name="queueSendsOnly">
    /// Count only the messages sent to queues, not the pollers' receives and deletes, which go on while a host is idle
    /// and so never let a count settle.
    /// </param>
    public StorageRequestCount(bool queueSendsOnly = false)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == StorageRequestMeter.MeterName && instrument.Name == StorageRequestMeter.InstrumentName) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? name = null, method = null, service = null;
            var isQueue = false;
            foreach (var tag in tags)
                switch (tag.Key)
                {
                    case "storage.table": name = tag.Value as string; break;
                    case "storage.queue": (name, isQueue) = (tag.Value as string, true); break;
                    case "http.request.method": method = tag.Value as string; break;
                    case "storage.service": service = tag.Value as string; break;
                }
            // Sent on behalf of a traced request (the meter reports on the sending flow): every request counts, an
            // entity-group batch (no table in its path) as "{service} {method}".
            if (Activity.Current?.TraceId is { } trace && trace != default)
                byTrace.GetOrAdd(trace, _ => new ConcurrentQueue<string>()).Enqueue(name ?? $"{service} {method}");
            if (name is null || (queueSendsOnly && isQueue && method != "POST")) return;
            byName.AddOrUpdate(name, value, (_, n) => n + value);
            if (method != "GET") writesByName.AddOrUpdate(name, value, (_, n) => n + value);
        });
        listener.Start();
    }

    /// <summary>Requests to one table or queue, by its full name.</summary>
    public long Table(string fullName) => byName.GetValueOrDefault(fullName);

    /// <summary>Requests to one table or queue that are not reads (inserts, updates, deletes; a conditional write that lost its race too).</summary>
    public long Writes(string fullName) => writesByName.GetValueOrDefault(fullName);

    /// <summary>Requests to every table and queue whose name starts with <paramref name="prefix"/>.</summary>
    public long WithPrefix(string prefix) => byName.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal)).Sum(e => e.Value);

    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(byName);

    /// <summary>
    /// The requests sent within one trace (a test's activity, propagated to the host over HTTP), in order. Work a host
    /// detaches from its request (background sends) carries no trace and is not in it.
    /// </summary>
    public IReadOnlyList<string> InTrace(ActivityTraceId trace) => byTrace.TryGetValue(trace, out var names) ? names.ToList() : [];

    public void Dispose() => listener.Dispose();
}
