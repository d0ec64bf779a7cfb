using Marketplace.A2A.Protocol;
using Marketplace.Registry;

namespace Marketplace.A2A.Server;

/// <summary>
/// The A2A operations, independent of binding. The JSON-RPC and HTTP+JSON bindings both call one of these: the
/// marketplace gateway in front of a listing, or an agent of its own.
/// </summary>
public interface IA2AHandler
{
    Task<SendMessageResponse> SendMessageAsync(SendMessageRequest request, CancellationToken ct);

    /// <summary>Errors thrown before the first event are reported as plain responses, not as a stream.</summary>
    IAsyncEnumerable<StreamResponse> SendStreamingMessageAsync(SendMessageRequest request, CancellationToken ct);

    Task<AgentTask> GetTaskAsync(GetTaskRequest request, CancellationToken ct);

    Task<ListTasksResponse> ListTasksAsync(ListTasksRequest request, CancellationToken ct);

    Task<AgentTask> CancelTaskAsync(CancelTaskRequest request, CancellationToken ct);

    IAsyncEnumerable<StreamResponse> SubscribeToTaskAsync(SubscribeToTaskRequest request, CancellationToken ct);

    Task<TaskPushNotificationConfig> CreatePushConfigAsync(TaskPushNotificationConfig request, CancellationToken ct);

    Task<TaskPushNotificationConfig> GetPushConfigAsync(GetTaskPushNotificationConfigRequest request, CancellationToken ct);

    Task<ListTaskPushNotificationConfigsResponse> ListPushConfigsAsync(ListTaskPushNotificationConfigsRequest request, CancellationToken ct);

    Task DeletePushConfigAsync(DeleteTaskPushNotificationConfigRequest request, CancellationToken ct);

    Task<AgentCard> GetExtendedAgentCardAsync(GetExtendedAgentCardRequest request, CancellationToken ct);
}
