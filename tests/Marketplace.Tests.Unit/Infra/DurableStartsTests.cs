using Marketplace.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Xunit;

namespace Marketplace.Tests.Infra;

/// <summary>
/// Starting a per-task orchestration once: callers that come at once share one look and one start (the standalone
/// backend does not drop a second start message of one instance), and a later caller looks again.
/// </summary>
public sealed class DurableStartsTests
{
    [Fact]
    public async Task Concurrent_starts_of_one_instance_schedule_it_once_and_a_later_start_looks_again()
    {
        var client = new CountingClient();
        var starts = Enumerable.Range(0, 8).Select(_ => client.StartOnceAsync("Work", "task-1", "input", CancellationToken.None)).ToList();
        // Every caller is in before the first look answers, which is when two lookers would both have started.
        client.Looked.SetResult(null);
        await Task.WhenAll(starts);
        Assert.Equal(1, client.Looks);
        Assert.Equal(["task-1"], client.Scheduled);

        // Once that start has ended, a new caller looks again: the instance may have finished since.
        await client.StartOnceAsync("Work", "task-1", "input", CancellationToken.None);
        Assert.Equal(2, client.Looks);
        Assert.Equal(["task-1", "task-1"], client.Scheduled);
    }

    [Fact]
    public async Task A_caller_that_stops_waiting_leaves_the_start_to_the_others()
    {
        var client = new CountingClient();
        using var impatient = new CancellationTokenSource();
        var first = client.StartOnceAsync("Work", "task-2", "input", impatient.Token);
        var second = client.StartOnceAsync("Work", "task-2", "input", CancellationToken.None);
        impatient.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        client.Looked.SetResult(null);
        await second;
        Assert.Equal(["task-2"], client.Scheduled);
    }

    /// <summary>No instance exists; the look waits for <see cref="Looked"/> (then answers at once), and starts are counted.</summary>
    sealed class CountingClient() : DurableTaskClient("counting")
    {
        public TaskCompletionSource<OrchestrationMetadata?> Looked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Looks;
        public List<string> Scheduled { get; } = [];

        public override Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
            GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation);

        public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
        {
            Interlocked.Increment(ref Looks);
            return await Looked.Task;
        }

        public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
        {
            lock (Scheduled) Scheduled.Add(options!.InstanceId!);
            return Task.FromResult(options!.InstanceId!);
        }

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
        public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) => throw new NotSupportedException();
        public override Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) => throw new NotSupportedException();
        public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) => throw new NotSupportedException();
        public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) => throw new NotSupportedException();
        public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();
        public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();
        public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();
        public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();
    }
}
