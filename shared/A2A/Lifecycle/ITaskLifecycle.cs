using Marketplace.A2A.Tasks;
using Microsoft.DurableTask.Client;

namespace Marketplace.A2A.Lifecycle;

/// <summary>
/// Hands tasks that outlive their request to the durable lifecycle orchestration, and tells it about the caller's
/// follow-up input and cancellations, with the Durable client of the operation doing so.
/// </summary>
public interface ITaskLifecycle
{
    /// <summary>Starts following the task; starting an already running lifecycle is a no-op.</summary>
    Task StartAsync(GatewayTask task, DurableTaskClient durable, CancellationToken ct);

    Task SignalAsync(GatewayTask task, string signal, DurableTaskClient durable, CancellationToken ct);

    public static string InstanceId(string tenantId, string taskId) => $"task-{tenantId}-{taskId}";
}
