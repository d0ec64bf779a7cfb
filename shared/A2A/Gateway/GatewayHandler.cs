using Marketplace.A2A.Protocol;
using Marketplace.A2A.Server;
using Marketplace.Registry;

namespace Marketplace.A2A.Gateway;

/// <summary>
/// The marketplace as an A2A server in front of one listing, for one caller: the A2A operations of the gateway's
/// singleton services (<see cref="GatewayOperations"/>), each given this request's <see cref="GatewayCall"/>.
/// </summary>
public sealed class GatewayHandler(GatewayCall call, GatewayOperations gateway) : IA2AHandler
{
    /// <summary>The listing this handler calls, as the caller may see it.</summary>
    public AgentListing Listing => call.Listing;

    public Task<SendMessageResponse> SendMessageAsync(SendMessageRequest request, CancellationToken ct) => gateway.Messages.SendAsync(call, request, ct);

    public IAsyncEnumerable<StreamResponse> SendStreamingMessageAsync(SendMessageRequest request, CancellationToken ct) =>
        gateway.Messages.SendStreamingAsync(call, request, ct);

    public Task<AgentTask> GetTaskAsync(GetTaskRequest request, CancellationToken ct) => gateway.Tasks.GetAsync(call, request, ct);

    public Task<ListTasksResponse> ListTasksAsync(ListTasksRequest request, CancellationToken ct) => gateway.Tasks.ListAsync(call, request, ct);

    public Task<AgentTask> CancelTaskAsync(CancelTaskRequest request, CancellationToken ct) => gateway.Tasks.CancelAsync(call, request, ct);

    public IAsyncEnumerable<StreamResponse> SubscribeToTaskAsync(SubscribeToTaskRequest request, CancellationToken ct) => gateway.Tasks.SubscribeAsync(call, request, ct);

    public Task<TaskPushNotificationConfig> CreatePushConfigAsync(TaskPushNotificationConfig request, CancellationToken ct) =>
        gateway.PushConfigs.CreateAsync(call, request, ct);

    public Task<TaskPushNotificationConfig> GetPushConfigAsync(GetTaskPushNotificationConfigRequest request, CancellationToken ct) =>
        gateway.PushConfigs.GetAsync(call, request, ct);

    public Task<ListTaskPushNotificationConfigsResponse> ListPushConfigsAsync(ListTaskPushNotificationConfigsRequest request, CancellationToken ct) =>
        gateway.PushConfigs.ListAsync(call, request, ct);

    public Task DeletePushConfigAsync(DeleteTaskPushNotificationConfigRequest request, CancellationToken ct) => gateway.PushConfigs.DeleteAsync(call, request, ct);

    public Task<AgentCard> GetExtendedAgentCardAsync(GetExtendedAgentCardRequest request, CancellationToken ct) =>
        throw A2AError.UnsupportedOperation("the marketplace publishes no extended agent card");
}
