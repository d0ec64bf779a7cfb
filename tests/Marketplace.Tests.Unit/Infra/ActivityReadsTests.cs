using System.Reflection;
using System.Threading.Channels;
using DurableTask.Core;
using Marketplace.Durable;
using Xunit;

namespace Marketplace.Tests.Infra;

/// <summary>
/// The standalone Azure Storage backend's reads of the work-item queue: one while the queue is idle, more (up to four)
/// while work waits, and back to one when it stops waiting; every item read reaches the dispatcher.
/// </summary>
public sealed class ActivityReadsTests
{
    [Fact]
    public async Task A_busy_queue_gets_up_to_four_reads_at_once_and_an_idle_one_goes_back_to_one()
    {
        var queue = WorkItemQueue.Create(out var service);
        var reads = new ActivityReads(service, most: 4);
        var taken = new HashSet<string>();

        var first = reads.NextAsync(Timeout.InfiniteTimeSpan, default);
        Assert.False(first.IsCompleted);
        Assert.Equal(1, queue.Reads);
        for (var i = 0; i < 20; i++) queue.Add($"item-{i}");
        taken.Add((await first)!.Id);

        var most = 0;
        for (var i = 1; i < 16; i++)
        {
            taken.Add((await reads.NextAsync(Timeout.InfiniteTimeSpan, default))!.Id);
            most = Math.Max(most, queue.Reads - taken.Count);
        }
        Assert.Equal(4, most);

        // Work now comes only once the dispatcher waits for it.
        for (var i = 0; i < 12; i++)
        {
            var next = reads.NextAsync(Timeout.InfiniteTimeSpan, default);
            if (!next.IsCompleted) queue.Add($"late-{i}");
            taken.Add((await next)!.Id);
        }
        Assert.Equal(1, queue.Reads - taken.Count);
        Assert.Equal(28, taken.Count);
    }

    /// <summary>A work-item queue behind the one backend call the reads make; a read waits until an item is added.</summary>
    public class WorkItemQueue : DispatchProxy
    {
        readonly Channel<TaskActivityWorkItem> items = Channel.CreateUnbounded<TaskActivityWorkItem>();
        int reads;

        public int Reads => Volatile.Read(ref reads);

        public static WorkItemQueue Create(out IOrchestrationService service)
        {
            service = Create<IOrchestrationService, WorkItemQueue>();
            return (WorkItemQueue)(object)service;
        }

        public void Add(string id) => items.Writer.TryWrite(new TaskActivityWorkItem { Id = id });

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            if (method!.Name != nameof(IOrchestrationService.LockNextTaskActivityWorkItem)) throw new NotSupportedException(method.Name);
            Interlocked.Increment(ref reads);
            return items.Reader.ReadAsync((CancellationToken)args![1]!).AsTask();
        }
    }
}
