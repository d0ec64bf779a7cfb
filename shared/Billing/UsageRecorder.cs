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
        foreach (var message in QueueBatches.Messages(events, chunk => new UsageBatch(chunk))) await queue.SendMessageAsync(message, ct);
    }
}
