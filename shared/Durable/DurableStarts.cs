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
        Lazy<Task>? mine = null;
        mine = new Lazy<Task>(() => StartAndForgetAsync(client, name, instanceId, input, mine!));
        await starting.GetOrAdd(instanceId, mine).Value.WaitAsync(ct);
    }

    /// <summary>Forgotten before it ends, however its callers fare: a caller that comes once it has ended looks again.</summary>
    static async Task StartAndForgetAsync<TInput>(DurableTaskClient client, string name, string instanceId, TInput input, Lazy<Task> self)
    {
        try
        {
            await StartUnlessRunningAsync(client, name, instanceId, input);
        }
        finally
        {
            starting.TryRemove(KeyValuePair.Create(instanceId, self));
        }
    }

    // Not cancelled with the first caller's token: callers that joined it still wait for the start.
    static async Task StartUnlessRunningAsync<TInput>(DurableTaskClient client, string name, string instanceId, TInput input)
    {
        if (await client.GetInstanceAsync(instanceId, CancellationToken.None) is { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended })
            return;
        await client.ScheduleNewOrchestrationInstanceAsync(name, input, new StartOrchestrationOptions(instanceId), CancellationToken.None);
    }
}
