using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Marketplace.Durable;

/// <summary>
/// Starting per-task orchestrations with the client of the current operation, which every caller passes in: in Azure
/// the one the Functions host binds to the invocation ([DurableClient]), standalone the host's own from DI.
/// </summary>
public static class DurableStarts
{
    /// <summary>
    /// Starts an orchestration under a fixed instance id unless one with that id is still running: the callers'
    /// "one per task" instances are started from several places, and starting twice must be harmless.
    /// </summary>
    public static async Task StartOnceAsync<TInput>(this DurableTaskClient client, string name, string instanceId, TInput input, CancellationToken ct)
    {
        if (await client.GetInstanceAsync(instanceId, ct) is { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended })
            return;
        await client.ScheduleNewOrchestrationInstanceAsync(name, input, new StartOrchestrationOptions(instanceId), ct);
    }
}
