using System.Text.Json;

namespace Marketplace.A2A.Protocol;

public sealed record SendMessageConfiguration
{
    public IReadOnlyList<string>? AcceptedOutputModes { get; init; }
    public TaskPushNotificationConfig? TaskPushNotificationConfig { get; init; }
    public int? HistoryLength { get; init; }
    public bool? ReturnImmediately { get; init; }
}

public sealed record SendMessageRequest(Message Message)
{
    public string? Tenant { get; init; }
    public SendMessageConfiguration? Configuration { get; init; }
    public JsonElement? Metadata { get; init; }
}

/// <summary>A oneof: the task the message started or continued, or a direct reply message.</summary>
public sealed record SendMessageResponse
{
    public AgentTask? Task { get; init; }
    public Message? Message { get; init; }
}

public sealed record GetTaskRequest(string Id)
{
    public string? Tenant { get; init; }
    public int? HistoryLength { get; init; }
}

public sealed record ListTasksRequest
{
    public string? Tenant { get; init; }
    public string? ContextId { get; init; }
    public TaskState? Status { get; init; }
    public int? PageSize { get; init; }
    public string? PageToken { get; init; }
    public int? HistoryLength { get; init; }
    public DateTimeOffset? StatusTimestampAfter { get; init; }
    public bool? IncludeArtifacts { get; init; }
}

public sealed record ListTasksResponse(IReadOnlyList<AgentTask> Tasks, string NextPageToken, int PageSize, int TotalSize);

public sealed record CancelTaskRequest(string Id)
{
    public string? Tenant { get; init; }
    public JsonElement? Metadata { get; init; }
}

public sealed record SubscribeToTaskRequest(string Id)
{
    public string? Tenant { get; init; }
}

public sealed record AuthenticationInfo(string Scheme)
{
    public string? Credentials { get; init; }
}

public sealed record TaskPushNotificationConfig(string Url)
{
    public string? Tenant { get; init; }
    public string? Id { get; init; }
    public string? TaskId { get; init; }
    public string? Token { get; init; }
    public AuthenticationInfo? Authentication { get; init; }
}

public sealed record GetTaskPushNotificationConfigRequest(string TaskId, string Id)
{
    public string? Tenant { get; init; }
}

public sealed record DeleteTaskPushNotificationConfigRequest(string TaskId, string Id)
{
    public string? Tenant { get; init; }
}

public sealed record ListTaskPushNotificationConfigsRequest(string TaskId)
{
    public string? Tenant { get; init; }
    public int? PageSize { get; init; }
    public string? PageToken { get; init; }
}

public sealed record ListTaskPushNotificationConfigsResponse(IReadOnlyList<TaskPushNotificationConfig> Configs)
{
    public string? NextPageToken { get; init; }
}

public sealed record GetExtendedAgentCardRequest
{
    public string? Tenant { get; init; }
}
