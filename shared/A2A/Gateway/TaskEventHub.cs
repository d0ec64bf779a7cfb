using System.Collections.Concurrent;
using System.Threading.Channels;
using Marketplace.A2A.Protocol;

namespace Marketplace.A2A.Gateway;

/// <summary>
/// Fans a task's events out to every stream open on it in this instance, in order. Events are published only after
/// they are stored, so a subscriber never sees a state GetTask would not return.
/// </summary>
public sealed class TaskEventHub
{
    readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, Channel<StreamResponse>>> subscribers = new();

    public Subscription Subscribe(string tenantId, string taskId)
    {
        var channel = Channel.CreateUnbounded<StreamResponse>(new UnboundedChannelOptions { SingleReader = true });
        var id = Guid.NewGuid();
        var key = Key(tenantId, taskId);
        subscribers.GetOrAdd(key, _ => new ConcurrentDictionary<Guid, Channel<StreamResponse>>())[id] = channel;
        return new Subscription(channel.Reader, () =>
        {
            if (subscribers.TryGetValue(key, out var set) && set.TryRemove(id, out _) && set.IsEmpty) subscribers.TryRemove(key, out _);
        });
    }

    public void Publish(string tenantId, string taskId, StreamResponse e)
    {
        if (!subscribers.TryGetValue(Key(tenantId, taskId), out var set)) return;
        foreach (var channel in set.Values) channel.Writer.TryWrite(e);
    }

    static string Key(string tenantId, string taskId) => $"{tenantId}/{taskId}";

    public sealed class Subscription(ChannelReader<StreamResponse> reader, Action unsubscribe) : IDisposable
    {
        public ChannelReader<StreamResponse> Events { get; } = reader;

        public void Dispose() => unsubscribe();
    }
}
