using System.Collections.Concurrent;
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
            string? name = null, method = null;
            var isQueue = false;
            foreach (var tag in tags)
                switch (tag.Key)
                {
                    case "storage.table": name = tag.Value as string; break;
                    case "storage.queue": (name, isQueue) = (tag.Value as string, true); break;
                    case "http.request.method": method = tag.Value as string; break;
                }
            if (name is null || (queueSendsOnly && isQueue && method != "POST")) return;
            byName.AddOrUpdate(name, value, (_, n) => n + value);
        });
        listener.Start();
    }

    /// <summary>Requests to one table or queue, by its full name.</summary>
    public long Table(string fullName) => byName.GetValueOrDefault(fullName);

    /// <summary>Requests to every table and queue whose name starts with <paramref name="prefix"/>.</summary>
    public long WithPrefix(string prefix) => byName.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal)).Sum(e => e.Value);

    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(byName);

    public void Dispose() => listener.Dispose();
}
