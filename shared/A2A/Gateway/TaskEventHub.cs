using System.Collections.Concurrent;
using System.Threading.Channels;
using Marketplace.A2A.Protocol;

namespace Marketplace.A2A.Gateway;

/// <summary>An event and the update time of the stored task it produced.</summary>
public sealed record TaskEvent(StreamResponse Event, DateTimeOffset StoredAt);

/// <summary>
/// Fans a task's events out to every stream open on it in this instance, in order. Events are published only after
/// they are stored, so a subscriber never sees a state GetTask would not return.
/// </summary>
public sealed class TaskEventHub
{
    readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, Channel<TaskEvent>>> subscribers = new();

    public Subscription Subscribe(string tenantId, string taskId)
    {
        var channel = Channel.CreateUnbounded<TaskEvent>(new UnboundedChannelOptions { SingleReader = true });
        var id = Guid.NewGuid();
        var key = Key(tenantId, taskId);
        subscribers.GetOrAdd(key, _ => new ConcurrentDictionary<Guid, Channel<TaskEvent>>())[id] = channel;
        return new Subscription(channel.Reader, () =>
        {
            if (subscribers.TryGetValue(key, out var set) && set.TryRemove(id, out _) && set.IsEmpty) subscribers.TryRemove(key, out _);
        });
    }

    public void Publish(string tenantId, string taskId, StreamResponse e, DateTimeOffset storedAt)
    {
        if (!subscribers.TryGetValue(Key(tenantId, taskId), out var set)) return;
        foreach (var channel in set.Values) channel.Writer.TryWrite(new TaskEvent(e, storedAt));
    }

    static string Key(string tenantId, string taskId) => $"{tenantId}/{taskId}";

    public sealed class Subscription(ChannelReader<TaskEvent> reader, Action unsubscribe) : IDisposable
    {
        public ChannelReader<TaskEvent> Events { get; } = reader;

        public void Dispose() => unsubscribe();
    }
}
