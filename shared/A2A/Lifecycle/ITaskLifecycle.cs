using Marketplace.A2A.Tasks;

namespace Marketplace.A2A.Lifecycle;

/// <summary>
/// Hands tasks that outlive their request to the durable lifecycle orchestration, and tells it about the caller's
/// follow-up input and cancellations.
/// </summary>
public interface ITaskLifecycle
{
    /// <summary>Starts following the task; starting an already running lifecycle is a no-op.</summary>
    Task StartAsync(GatewayTask task, CancellationToken ct);

    Task SignalAsync(GatewayTask task, string signal, CancellationToken ct);

    public static string InstanceId(string tenantId, string taskId) => $"task-{tenantId}-{taskId}";
}
