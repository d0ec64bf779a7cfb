using System.Diagnostics;
using System.Diagnostics.Metrics;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Marketplace.Storage;

/// <summary>
/// Counts every request the storage clients send, retries included (<c>marketplace.storage.requests</c>, tagged with
/// the service and the table or queue): the platform's throughput is bounded by its storage round trips, so the
/// number per request is the figure to watch, and tests assert it.
/// </summary>
public sealed class StorageRequestMeter(string service) : HttpPipelineSynchronousPolicy
{
    public const string MeterName = "Marketplace.Storage";
    public const string InstrumentName = "marketplace.storage.requests";

    static readonly Meter Meter = new(MeterName);
    static readonly Counter<long> Requests = Meter.CreateCounter<long>(InstrumentName, "{request}", "Requests sent to Azure Storage");

    public override void OnSendingRequest(HttpMessage message)
    {
        var tags = new TagList { { "storage.service", service }, { "http.request.method", message.Request.Method.Method } };
        var path = message.Request.Uri.Path;
        if (service == "table" && TableName(path) is { } table) tags.Add("storage.table", table);
        if (service == "queue" && QueueName(path) is { } queue) tags.Add("storage.queue", queue);
        Requests.Add(1, tags);
    }

    /// <summary>The table a request addresses: the last path segment up to its key or query parentheses.</summary>
    static string? TableName(string path)
    {
        var segment = path.TrimEnd('/');
        segment = segment[(segment.LastIndexOf('/') + 1)..];
        var key = segment.IndexOf('(');
        return key > 0 ? segment[..key] : segment.Length > 0 && segment != "$batch" ? segment : null;
    }

    /// <summary>The queue a message request addresses: the segment before <c>messages</c>.</summary>
    static string? QueueName(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var messages = Array.IndexOf(segments, "messages");
        return messages > 0 ? segments[messages - 1] : null;
    }
}
