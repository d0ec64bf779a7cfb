using DurableTask.Core;

namespace Marketplace.Durable;

/// <summary>
/// The sidecar's activity dispatcher asks the backend for one work item at a time, and the Azure Storage backend
/// answers each request with one read of the work-item queue: however many activities are queued, they would start
/// at most one per storage round trip, which at eight concurrent workflow runs on Azurite was the whole bound. This
/// keeps more reads of the queue outstanding while it is busy and hands the dispatcher whichever finishes first.
/// </summary>
/// <remarks>
/// A read that ends is replaced at once, so an item queued while the dispatcher hands the last one to a worker is
/// already on its way. When the dispatcher asks and an item is already waiting, the queue is busier than the reads
/// kept: one more, up to <c>most</c>. When it has to wait, one fewer, down to one; a read is never cancelled (a read
/// cut off in flight could hide a message until its visibility timeout), so the extra reads of a burst poll an idle
/// queue, each backing off to <see cref="DurableSidecar.MaxQueuePollingInterval"/>, until work completes them.
/// An item read ahead waits only until the dispatcher asks again, which it does as soon as it has passed the previous
/// one on, unless it already runs its most activities at once.
/// </remarks>
sealed class ActivityReads(IOrchestrationService service, int most)
{
    readonly List<Task<TaskActivityWorkItem>> outstanding = [];
    int wanted = 1;

    public async Task<TaskActivityWorkItem?> NextAsync(TimeSpan timeout, CancellationToken ct)
    {
        Task<TaskActivityWorkItem>[] waiting;
        lock (outstanding)
        {
            wanted = outstanding.Any(r => r.IsCompleted) ? Math.Min(most, wanted + 1) : Math.Max(1, wanted - 1);
            while (outstanding.Count < wanted) outstanding.Add(service.LockNextTaskActivityWorkItem(timeout, ct));
            waiting = [.. outstanding];
        }
        var done = await Task.WhenAny(waiting);
        lock (outstanding)
        {
            outstanding.Remove(done);
            if (outstanding.Count < wanted) outstanding.Add(service.LockNextTaskActivityWorkItem(timeout, ct));
        }
        return await done;
    }
}
