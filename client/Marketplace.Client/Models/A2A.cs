using System.Text.Json;
using System.Text.Json.Serialization;

namespace Marketplace.Client.Models;

// The A2A v1.0 data model in its ProtoJSON form (enums as TASK_STATE_* and ROLE_* strings).

public sealed record Part
{
    public string? Text { get; init; }
    public string? Raw { get; init; }
    public string? Url { get; init; }
    public JsonElement? Data { get; init; }
    public string? Filename { get; init; }
    public string? MediaType { get; init; }
}

public sealed record Message(string MessageId, string Role, IReadOnlyList<Part> Parts)
{
    public string? ContextId { get; init; }
    public string? TaskId { get; init; }
    public JsonElement? Metadata { get; init; }
}

public sealed record Artifact(string ArtifactId, IReadOnlyList<Part> Parts)
{
    public string? Name { get; init; }
}

public sealed record TaskStatus(string State)
{
    public Message? Message { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
}

public sealed record AgentTask(string Id, TaskStatus Status)
{
    public string? ContextId { get; init; }
    public IReadOnlyList<Artifact>? Artifacts { get; init; }
    public IReadOnlyList<Message>? History { get; init; }
}

public static class A2AStates
{
    public const string Completed = "TASK_STATE_COMPLETED";
    public const string Failed = "TASK_STATE_FAILED";
    public const string Rejected = "TASK_STATE_REJECTED";
}

public sealed record TaskStatusUpdateEvent(string TaskId, string ContextId, TaskStatus Status);

public sealed record TaskArtifactUpdateEvent(string TaskId, string ContextId, Artifact Artifact)
{
    public bool? Append { get; init; }
    public bool? LastChunk { get; init; }
}

/// <summary>One event of a stream: exactly one member is set.</summary>
public sealed record StreamResponse
{
    public AgentTask? Task { get; init; }
    public Message? Message { get; init; }
    public TaskStatusUpdateEvent? StatusUpdate { get; init; }
    public TaskArtifactUpdateEvent? ArtifactUpdate { get; init; }
}

public sealed record SendMessageRequest(Message Message);

/// <summary>The task the message started, or a direct reply.</summary>
public sealed record SendMessageResponse
{
    public AgentTask? Task { get; init; }
    public Message? Message { get; init; }
}

public sealed record GetTaskRequest(string Id)
{
    public int? HistoryLength { get; init; }
}

public sealed record CancelTaskRequest(string Id);

public sealed record ListTasksRequest
{
    public string? ContextId { get; init; }
    public string? Status { get; init; }
    public int? PageSize { get; init; }
    public string? PageToken { get; init; }
}

public sealed record ListTasksResponse(IReadOnlyList<AgentTask> Tasks, string NextPageToken, int PageSize, int TotalSize);

/// <summary>A JSON-RPC 2.0 request envelope.</summary>
public sealed record JsonRpcRequest<T>(string Method, T Params)
{
    [JsonPropertyName("jsonrpc")] public string JsonRpc { get; init; } = "2.0";
    public string Id { get; init; } = Guid.NewGuid().ToString("N");
}

public sealed record JsonRpcError(int Code, string Message)
{
    public JsonElement? Data { get; init; }
}

public sealed record JsonRpcResponse<T>
{
    public T? Result { get; init; }
    public JsonRpcError? Error { get; init; }
}
