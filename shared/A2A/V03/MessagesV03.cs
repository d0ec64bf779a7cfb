using System.Text.Json;
using System.Text.Json.Serialization;

namespace Marketplace.A2A.V03;

// The A2A 0.3 payloads (specification/json/a2a.json at v0.3.0): objects discriminated by `kind`, parts by `kind`
// with file content nested, kebab-case task states and lowercase roles.

[JsonConverter(typeof(JsonStringEnumConverter<TaskStateV03>))]
public enum TaskStateV03
{
    [JsonStringEnumMemberName("submitted")] Submitted,
    [JsonStringEnumMemberName("working")] Working,
    [JsonStringEnumMemberName("input-required")] InputRequired,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("canceled")] Canceled,
    [JsonStringEnumMemberName("failed")] Failed,
    [JsonStringEnumMemberName("rejected")] Rejected,
    [JsonStringEnumMemberName("auth-required")] AuthRequired,
    [JsonStringEnumMemberName("unknown")] Unknown,
}

[JsonConverter(typeof(JsonStringEnumConverter<RoleV03>))]
public enum RoleV03
{
    [JsonStringEnumMemberName("user")] User,
    [JsonStringEnumMemberName("agent")] Agent,
}

/// <summary>A text, file or data part (<c>kind</c>); file content is bytes (base64) or a URI.</summary>
public sealed record PartV03(string Kind)
{
    public string? Text { get; init; }
    public FileV03? File { get; init; }
    public JsonElement? Data { get; init; }
    public JsonElement? Metadata { get; init; }
}

public sealed record FileV03
{
    public string? Bytes { get; init; }
    public string? Uri { get; init; }
    public string? Name { get; init; }
    public string? MimeType { get; init; }
}

public sealed record MessageV03(string MessageId, RoleV03 Role, IReadOnlyList<PartV03> Parts)
{
    public string Kind { get; init; } = "message";
    public string? ContextId { get; init; }
    public string? TaskId { get; init; }
    public JsonElement? Metadata { get; init; }
    public IReadOnlyList<string>? Extensions { get; init; }
    public IReadOnlyList<string>? ReferenceTaskIds { get; init; }
}

public sealed record ArtifactV03(string ArtifactId, IReadOnlyList<PartV03> Parts)
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public JsonElement? Metadata { get; init; }
    public IReadOnlyList<string>? Extensions { get; init; }
}

public sealed record TaskStatusV03(TaskStateV03 State)
{
    public MessageV03? Message { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
}

public sealed record TaskV03(string Id, string ContextId, TaskStatusV03 Status)
{
    public string Kind { get; init; } = "task";
    public IReadOnlyList<ArtifactV03>? Artifacts { get; init; }
    public IReadOnlyList<MessageV03>? History { get; init; }
    public JsonElement? Metadata { get; init; }
}

/// <summary><c>final</c> marks the last event of a stream.</summary>
public sealed record TaskStatusUpdateEventV03(string TaskId, string ContextId, TaskStatusV03 Status, bool Final)
{
    public string Kind { get; init; } = "status-update";
    public JsonElement? Metadata { get; init; }
}

public sealed record TaskArtifactUpdateEventV03(string TaskId, string ContextId, ArtifactV03 Artifact)
{
    public string Kind { get; init; } = "artifact-update";
    public bool? Append { get; init; }
    public bool? LastChunk { get; init; }
    public JsonElement? Metadata { get; init; }
}
