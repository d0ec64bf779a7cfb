using Marketplace.A2A.Protocol;

namespace Marketplace.A2A.Tasks;

/// <summary>Push-notification configs of a tenant's tasks. Credentials are stored to be sent, never returned.</summary>
public interface IPushConfigStore
{
    Task SaveAsync(string tenantId, TaskPushNotificationConfig config, CancellationToken ct);

    Task<TaskPushNotificationConfig?> GetAsync(string tenantId, string taskId, string configId, CancellationToken ct);

    Task<IReadOnlyList<TaskPushNotificationConfig>> ListAsync(string tenantId, string taskId, CancellationToken ct);

    /// <summary>False when there was no such config.</summary>
    Task<bool> DeleteAsync(string tenantId, string taskId, string configId, CancellationToken ct);
}
