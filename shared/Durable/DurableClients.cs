using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Durable;

/// <summary>
/// The Durable Task client for the current operation. Standalone, the host's own client from DI; in Azure, the one
/// the Functions host binds to the invocation ([DurableClient]), which the wrapper hands over with <see cref="Bind"/>.
/// </summary>
public sealed class DurableClients(IServiceProvider services)
{
    static readonly AsyncLocal<DurableTaskClient?> Bound = new();

    public static IDisposable Bind(DurableTaskClient? client)
    {
        var previous = Bound.Value;
        Bound.Value = client ?? previous;
        return new Restore(previous);
    }

    public DurableTaskClient Current =>
        Bound.Value ?? services.GetService<DurableTaskClient>()
        ?? throw new InvalidOperationException("No Durable Task client: in Azure the function must bind [DurableClient] and pass it on.");

    /// <summary>
    /// Starts an orchestration under a fixed instance id unless one with that id is still running: the callers'
    /// "one per task" instances are started from several places, and starting twice must be harmless.
    /// </summary>
    public async Task StartOnceAsync<TInput>(string name, string instanceId, TInput input, CancellationToken ct)
    {
        if (await Current.GetInstanceAsync(instanceId, ct) is { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended })
            return;
        await Current.ScheduleNewOrchestrationInstanceAsync(name, input, new StartOrchestrationOptions(instanceId), ct);
    }

    sealed class Restore(DurableTaskClient? previous) : IDisposable
    {
        public void Dispose() => Bound.Value = previous;
    }
}
