namespace Marketplace.Billing;

/// <summary>
/// Group commit per key (a tenant): items submitted for one key while that key's previous commit is in flight wait
/// and are then committed together, up to <c>maxBatch</c> at a time. An idle key commits a lone item at once, so
/// batching adds no latency; a busy key pays one commit per batch instead of one per item. Each caller's task ends
/// only when its item's batch has committed (or failed), so a queue message is completed only once it is durable.
/// </summary>
/// <remarks>
/// A failed batch of several items is retried one item at a time, so one item that cannot commit (a poison event)
/// fails alone instead of dragging its batch-mates to the poison queue with it.
/// </remarks>
public sealed class GroupCommit<TItem, TResult>(Func<string, IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> commit, int maxBatch)
{
    sealed record Waiting(TItem Item, TaskCompletionSource<TResult> Done);

    readonly Dictionary<string, List<Waiting>> pending = new(StringComparer.Ordinal);

    public Task<TResult> SubmitAsync(string key, TItem item, CancellationToken ct)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (pending)
        {
            start = !pending.TryGetValue(key, out var queue);
            if (start) pending[key] = queue = [];
            queue!.Add(new Waiting(item, done));
        }
        // The committer runs apart from any one caller, so a caller that stops waiting (its host shutting down)
        // leaves the others' commit running; its message is simply redelivered and found applied.
        if (start) _ = Task.Run(() => DrainAsync(key), CancellationToken.None);
        return done.Task.WaitAsync(ct);
    }

    async Task DrainAsync(string key)
    {
        while (true)
        {
            List<Waiting> batch;
            lock (pending)
            {
                var queue = pending[key];
                if (queue.Count == 0)
                {
                    pending.Remove(key);
                    return;
                }
                batch = queue.Take(maxBatch).ToList();
                queue.RemoveRange(0, batch.Count);
            }
            if (!await TryCommitAsync(key, batch) && batch.Count > 1)
                foreach (var one in batch) await TryCommitAsync(key, [one]);
        }
    }

    async Task<bool> TryCommitAsync(string key, List<Waiting> batch)
    {
        try
        {
            var results = await commit(key, batch.Select(w => w.Item).ToList());
            for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(results[i]);
            return true;
        }
        catch (Exception ex)
        {
            if (batch.Count == 1) batch[0].Done.TrySetException(ex);
            return false;
        }
    }
}
