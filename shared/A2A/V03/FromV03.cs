using System.Text.Json.Nodes;
using Marketplace.A2A.Protocol;

namespace Marketplace.A2A.V03;

/// <summary>0.3 payloads as their 1.0 models: what a 0.3 caller sends, and what a 0.3 agent answers.</summary>
public static class FromV03
{
    public static TaskState State(TaskStateV03 state) => state switch
    {
        TaskStateV03.Submitted => TaskState.Submitted,
        TaskStateV03.Working => TaskState.Working,
        TaskStateV03.InputRequired => TaskState.InputRequired,
        TaskStateV03.Completed => TaskState.Completed,
        TaskStateV03.Canceled => TaskState.Canceled,
        TaskStateV03.Failed => TaskState.Failed,
        TaskStateV03.Rejected => TaskState.Rejected,
        TaskStateV03.AuthRequired => TaskState.AuthRequired,
        _ => TaskState.Unspecified,
    };

    public static Part Part(PartV03 part, string path) => part.Kind switch
    {
        "text" => new Part { Text = part.Text ?? throw new FormatV03Exception($"{path}.text", "required"), Metadata = part.Metadata },
        "data" => new Part { Data = part.Data ?? throw new FormatV03Exception($"{path}.data", "required"), Metadata = part.Metadata },
        "file" => File(part, path),
        _ => throw new FormatV03Exception($"{path}.kind", $"'{part.Kind}' is not a part kind (text, file or data)"),
    };

    static Part File(PartV03 part, string path)
    {
        var file = part.File ?? throw new FormatV03Exception($"{path}.file", "required");
        if ((file.Bytes is null) == (file.Uri is null)) throw new FormatV03Exception($"{path}.file", "must have exactly one of bytes and uri");
        return new Part { Raw = file.Bytes, Url = file.Uri, Filename = file.Name, MediaType = file.MimeType, Metadata = part.Metadata };
    }

    static IReadOnlyList<Part> Parts(IReadOnlyList<PartV03> parts, string path) => parts.Select((p, i) => Part(p, $"{path}.parts[{i}]")).ToList();

    public static Message Message(MessageV03 message, string path = "message") =>
        new(message.MessageId, message.Role == RoleV03.Agent ? MessageRole.Agent : MessageRole.User, Parts(message.Parts, path))
        {
            ContextId = message.ContextId,
            TaskId = message.TaskId,
            Metadata = message.Metadata,
            Extensions = message.Extensions,
            ReferenceTaskIds = message.ReferenceTaskIds,
        };

    public static Protocol.TaskStatus Status(TaskStatusV03 status, string path) =>
        new(State(status.State)) { Message = status.Message is { } m ? Message(m, $"{path}.message") : null, Timestamp = status.Timestamp };

    public static Artifact Artifact(ArtifactV03 artifact, string path) =>
        new(artifact.ArtifactId, Parts(artifact.Parts, path))
        {
            Name = artifact.Name,
            Description = artifact.Description,
            Metadata = artifact.Metadata,
            Extensions = artifact.Extensions,
        };

    public static AgentTask Task(TaskV03 task, string path = "result") =>
        new(task.Id, Status(task.Status, $"{path}.status"))
        {
            ContextId = task.ContextId,
            Artifacts = task.Artifacts?.Select((a, i) => Artifact(a, $"{path}.artifacts[{i}]")).ToList(),
            History = task.History?.Select((m, i) => Message(m, $"{path}.history[{i}]")).ToList(),
            Metadata = task.Metadata,
        };

    public static AuthenticationInfo? Authentication(PushNotificationAuthenticationInfoV03? auth) =>
        auth is null ? null : new AuthenticationInfo(auth.Schemes.FirstOrDefault() ?? "") { Credentials = auth.Credentials };

    public static TaskPushNotificationConfig PushConfig(PushNotificationConfigV03 config, string? taskId) =>
        new(config.Url) { Id = config.Id, TaskId = taskId, Token = config.Token, Authentication = Authentication(config.Authentication) };

    public static SendMessageRequest SendParams(MessageSendParamsV03 request) => new(Message(request.Message))
    {
        Metadata = request.Metadata,
        Configuration = request.Configuration is not { } c ? null : new SendMessageConfiguration
        {
            AcceptedOutputModes = c.AcceptedOutputModes,
            HistoryLength = c.HistoryLength,
            ReturnImmediately = c.Blocking == false ? true : null,
            TaskPushNotificationConfig = c.PushNotificationConfig is { } push ? PushConfig(push, null) : null,
        },
    };

    /// <summary>A result or stream event of a 0.3 agent, told apart by its <c>kind</c>.</summary>
    public static StreamResponse Event(JsonNode? node, string path = "result")
    {
        var kind = (node as JsonObject)?["kind"] is JsonValue k && k.TryGetValue<string>(out var s) ? s : null;
        return kind switch
        {
            "task" => new StreamResponse { Task = Task(JsonV03.Read<TaskV03>(node, path), path) },
            "message" => new StreamResponse { Message = Message(JsonV03.Read<MessageV03>(node, path), path) },
            "status-update" => StatusUpdate(JsonV03.Read<TaskStatusUpdateEventV03>(node, path), path),
            "artifact-update" => ArtifactUpdate(JsonV03.Read<TaskArtifactUpdateEventV03>(node, path), path),
            _ => throw new FormatV03Exception($"{path}.kind", "must be task, message, status-update or artifact-update"),
        };
    }

    static StreamResponse StatusUpdate(TaskStatusUpdateEventV03 e, string path) =>
        new() { StatusUpdate = new TaskStatusUpdateEvent(e.TaskId, e.ContextId, Status(e.Status, $"{path}.status")) { Metadata = e.Metadata } };

    static StreamResponse ArtifactUpdate(TaskArtifactUpdateEventV03 e, string path) =>
        new()
        {
            ArtifactUpdate = new TaskArtifactUpdateEvent(e.TaskId, e.ContextId, Artifact(e.Artifact, $"{path}.artifact"))
            {
                Append = e.Append,
                LastChunk = e.LastChunk,
                Metadata = e.Metadata,
            },
        };
}
