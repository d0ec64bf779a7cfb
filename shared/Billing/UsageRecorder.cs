using Marketplace.Serialization;
using System.Text.Json;
using Marketplace.Http;
using Marketplace.Queues;

namespace Marketplace.Billing;

/// <summary>
/// Queues usage events for the billing worker (a Storage queue, so a slow ledger never slows a call). Concurrent
/// calls share queue messages: events recorded while the previous send is in flight go together in one
/// <see cref="UsageBatch"/> message, so many callers cost a few sends instead of one each, and a lone caller pays no
/// wait. Each caller's task ends once the message holding its event is stored.
/// </summary>
public sealed class UsageRecorder
{
    // A Base64 queue message holds 48 KiB of text; an event is about 400 characters.
    const int MaxMessageChars = 32 * 1024;

    const int MaxBatch = 64;

    readonly StorageQueues queues;
    readonly GroupCommit<UsageEvent, bool> sends;

    public UsageRecorder(StorageQueues queues)
    {
        this.queues = queues;
        sends = new GroupCommit<UsageEvent, bool>(async (_, batch) =>
        {
            await SendAsync(batch, CancellationToken.None);
            return batch.Select(_ => true).ToList();
        }, MaxBatch);
    }

    public Task RecordAsync(UsageEvent usage, CancellationToken ct) => sends.SubmitAsync("", usage, ct);

    /// <summary>Sends <paramref name="events"/> in as few messages as hold them; done once every message is stored.</summary>
    public async Task SendAsync(IReadOnlyList<UsageEvent> events, CancellationToken ct)
    {
        var queue = queues.Get(QueueNames.UsageEvents);
        foreach (var message in Messages(events)) await queue.SendMessageAsync(message, ct);
    }

    /// <summary>A lone event keeps the one-event message shape; several go as batches that fit a message.</summary>
    static IEnumerable<string> Messages(IReadOnlyList<UsageEvent> events)
    {
        if (events.Count == 1)
        {
            yield return JsonSerializer.Serialize(events[0], Json.Lenient);
            yield break;
        }
        var chunk = new List<UsageEvent>();
        var size = 0;
        foreach (var usage in events)
        {
            var length = JsonSerializer.Serialize(usage, Json.Lenient).Length;
            if (chunk.Count > 0 && size + length > MaxMessageChars)
            {
                yield return JsonSerializer.Serialize(new UsageBatch(chunk), Json.Lenient);
                (chunk, size) = ([], 0);
            }
            chunk.Add(usage);
            size += length + 1;
        }
        if (chunk.Count > 0) yield return JsonSerializer.Serialize(new UsageBatch(chunk), Json.Lenient);
    }
}
