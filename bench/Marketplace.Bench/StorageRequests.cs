using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Marketplace.Bench;

/// <summary>
/// Counts every storage request made in this process — the marketplace's own clients and the Durable backend's alike —
/// from the Azure SDK's <c>Azure-Core</c> event source, by resource (table, queue, container) and method. A profile
/// in requests per run does not depend on how busy the machine is, unlike its timings.
/// </summary>
public sealed class StorageRequests : EventListener
{
    readonly ConcurrentDictionary<string, int> counts = new();
    volatile bool listening;

    public void Start() => listening = true;

    /// <summary>The counts so far, by "resource METHOD", largest first.</summary>
    public IReadOnlyDictionary<string, int> Snapshot() => counts.ToDictionary();

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Azure-Core") EnableEvents(source, EventLevel.Informational);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!listening || e.EventName != "Request" || e.PayloadNames is not { } names || e.Payload is not { } payload) return;
        var uri = payload[names.IndexOf("uri")] as string;
        var method = payload[names.IndexOf("method")] as string;
        if (uri is null || method is null) return;
        counts.AddOrUpdate($"{Resource(uri)} {method}", 1, (_, n) => n + 1);
    }

    /// <summary>The table, queue or container a request addresses, without keys or message ids.</summary>
    static string Resource(string uri)
    {
        var path = new Uri(uri).AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        // Azurite's addresses start with the account name.
        var name = path.Length > 1 ? path[1] : path.FirstOrDefault() ?? "";
        var cut = name.IndexOf('(');
        return cut > 0 ? name[..cut] : name;
    }

    /// <summary>What happened between two snapshots, per unit of work (e.g. per run), largest first.</summary>
    public static IEnumerable<(string Request, double PerUnit)> Per(IReadOnlyDictionary<string, int> before, IReadOnlyDictionary<string, int> after, int units) =>
        after.Select(a => (a.Key, (a.Value - before.GetValueOrDefault(a.Key)) / (double)units)).Where(x => x.Item2 > 0).OrderByDescending(x => x.Item2);
}
