using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Marketplace.Durable;

/// <summary>
/// Starting per-task orchestrations with the client of the current operation, which every caller passes in: in Azure
/// the one the Functions host binds to the invocation ([DurableClient]), standalone the host's own from DI.
/// </summary>
public static class DurableStarts
{
    /// <summary>Starts of one instance id under way in this process, which later callers join instead of starting again.</summary>
    static readonly ConcurrentDictionary<string, Lazy<Task>> starting = new(StringComparer.Ordinal);

    /// <summary>
    /// Starts an orchestration under a fixed instance id unless one with that id is still running: the callers'
    /// "one per task" instances are started from several places, and starting twice must be harmless.
    /// </summary>
    /// <remarks>
    /// Callers that come at once share one look and one start: two that both looked before either started would
    /// otherwise both send a start message, and the standalone host's backend does not drop a duplicate start
    /// (<see cref="DurableSidecar"/>); in Azure the backend does, and this only saves the second look.
    /// </remarks>
    public static async Task StartOnceAsync<TInput>(this DurableTaskClient client, string name, string instanceId, TInput input, CancellationToken ct)
    {
        var mine = new Lazy<Task>(() => StartUnlessRunningAsync(client, name, instanceId, input));
        var start = starting.GetOrAdd(instanceId, mine);
        // Forgotten once it has ended, however its callers fared: a later start looks again.
        if (start == mine) _ = mine.Value.ContinueWith(_ => starting.TryRemove(KeyValuePair.Create(instanceId, mine)), TaskScheduler.Default);
        await start.Value.WaitAsync(ct);
    }

    // Not cancelled with the first caller's token: callers that joined it still wait for the start.
    static async Task StartUnlessRunningAsync<TInput>(DurableTaskClient client, string name, string instanceId, TInput input)
    {
        if (await client.GetInstanceAsync(instanceId, CancellationToken.None) is { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended })
            return;
        await client.ScheduleNewOrchestrationInstanceAsync(name, input, new StartOrchestrationOptions(instanceId), CancellationToken.None);
    }
}
