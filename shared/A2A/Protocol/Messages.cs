using System.Text.Json;

namespace Marketplace.A2A.Protocol;

/// <summary>A oneof of text, raw bytes (base64), url or data, with optional metadata, filename and media type.</summary>
public sealed record Part
{
    public string? Text { get; init; }
    public string? Raw { get; init; }
    public string? Url { get; init; }
    public JsonElement? Data { get; init; }
    public JsonElement? Metadata { get; init; }
    public string? Filename { get; init; }
    public string? MediaType { get; init; }

    public static Part FromText(string text) => new() { Text = text };
}

public sealed record Message(string MessageId, MessageRole Role, IReadOnlyList<Part> Parts)
{
    public string? ContextId { get; init; }
    public string? TaskId { get; init; }
    public JsonElement? Metadata { get; init; }
    public IReadOnlyList<string>? Extensions { get; init; }
    public IReadOnlyList<string>? ReferenceTaskIds { get; init; }
}

public sealed record Artifact(string ArtifactId, IReadOnlyList<Part> Parts)
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public JsonElement? Metadata { get; init; }
    public IReadOnlyList<string>? Extensions { get; init; }
}

public sealed record TaskStatus(TaskState State)
{
    public Message? Message { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
}

/// <summary>The A2A Task (named so it does not clash with System.Threading.Tasks.Task).</summary>
public sealed record AgentTask(string Id, TaskStatus Status)
{
    public string? ContextId { get; init; }
    public IReadOnlyList<Artifact>? Artifacts { get; init; }
    public IReadOnlyList<Message>? History { get; init; }
    public JsonElement? Metadata { get; init; }
}

public sealed record TaskStatusUpdateEvent(string TaskId, string ContextId, TaskStatus Status)
{
    public JsonElement? Metadata { get; init; }
}

public sealed record TaskArtifactUpdateEvent(string TaskId, string ContextId, Artifact Artifact)
{
    public bool? Append { get; init; }
    public bool? LastChunk { get; init; }
    public JsonElement? Metadata { get; init; }
}

/// <summary>One event of a stream or push notification: exactly one member is set.</summary>
public sealed record StreamResponse
{
    public AgentTask? Task { get; init; }
    public Message? Message { get; init; }
    public TaskStatusUpdateEvent? StatusUpdate { get; init; }
    public TaskArtifactUpdateEvent? ArtifactUpdate { get; init; }
}
