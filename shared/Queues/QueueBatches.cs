using System.Text.Json;
using Marketplace.Serialization;

namespace Marketplace.Queues;

/// <summary>
/// The message texts that carry several items on one queue: a lone item keeps its own one-item shape (what senders
/// without batches write too), several go as batch documents that each fit a message.
/// </summary>
public static class QueueBatches
{
    // A Base64 queue message holds 48 KiB of text; usage events and integration events are well under 1 KiB each.
    const int MaxMessageChars = 32 * 1024;

    public static IEnumerable<string> Messages<TItem, TBatch>(IReadOnlyList<TItem> items, Func<List<TItem>, TBatch> batch)
    {
        if (items.Count == 1)
        {
            yield return JsonSerializer.Serialize(items[0], Json.Lenient);
            yield break;
        }
        var chunk = new List<TItem>();
        var size = 0;
        foreach (var item in items)
        {
            var length = JsonSerializer.Serialize(item, Json.Lenient).Length;
            if (chunk.Count > 0 && size + length > MaxMessageChars)
            {
                yield return JsonSerializer.Serialize(batch(chunk), Json.Lenient);
                (chunk, size) = ([], 0);
            }
            chunk.Add(item);
            size += length + 1;
        }
        if (chunk.Count > 0) yield return JsonSerializer.Serialize(batch(chunk), Json.Lenient);
    }
}
