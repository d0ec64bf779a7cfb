using System.Text.Json;
using Marketplace.A2A.Protocol;

namespace Marketplace.A2A.V03;

/// <summary>1.0 models in their 0.3 shape: what a 0.3 caller is answered, and what a 0.3 agent is sent.</summary>
public static class ToV03
{
    public static TaskStateV03 State(TaskState state) => state switch
    {
        TaskState.Submitted => TaskStateV03.Submitted,
        TaskState.Working => TaskStateV03.Working,
        TaskState.InputRequired => TaskStateV03.InputRequired,
        TaskState.Completed => TaskStateV03.Completed,
        TaskState.Canceled => TaskStateV03.Canceled,
        TaskState.Failed => TaskStateV03.Failed,
        TaskState.Rejected => TaskStateV03.Rejected,
        TaskState.AuthRequired => TaskStateV03.AuthRequired,
        _ => TaskStateV03.Unknown,
    };

    /// <summary>
    /// Raw bytes and URLs become file parts. 0.3 data parts hold an object, while 1.0 data is any JSON value: another
    /// value travels wrapped as <c>{"value": …}</c>. A text part's media type has no place in 0.3 and is dropped.
    /// </summary>
    public static PartV03 Part(Part part)
    {
        if (part.Text is { } text) return new PartV03("text") { Text = text, Metadata = part.Metadata };
        if (part.Raw is not null || part.Url is not null)
            return new PartV03("file") { File = new FileV03 { Bytes = part.Raw, Uri = part.Raw is null ? part.Url : null, Name = part.Filename, MimeType = part.MediaType }, Metadata = part.Metadata };
        var data = part.Data ?? JsonSerializer.SerializeToElement(new { });
        return new PartV03("data") { Data = data.ValueKind == JsonValueKind.Object ? data : JsonSerializer.SerializeToElement(new { value = data }), Metadata = part.Metadata };
    }

    public static MessageV03 Message(Message message) =>
        new(message.MessageId, message.Role == MessageRole.Agent ? RoleV03.Agent : RoleV03.User, message.Parts.Select(Part).ToList())
        {
            ContextId = message.ContextId,
            TaskId = message.TaskId,
            Metadata = message.Metadata,
            Extensions = message.Extensions,
            ReferenceTaskIds = message.ReferenceTaskIds,
        };

    public static TaskStatusV03 Status(Protocol.TaskStatus status) =>
        new(State(status.State)) { Message = status.Message is { } m ? Message(m) : null, Timestamp = status.Timestamp };

    public static ArtifactV03 Artifact(Artifact artifact) =>
        new(artifact.ArtifactId, artifact.Parts.Select(Part).ToList())
        {
            Name = artifact.Name,
            Description = artifact.Description,
            Metadata = artifact.Metadata,
            Extensions = artifact.Extensions,
        };

    public static TaskV03 Task(AgentTask task) =>
        new(task.Id, task.ContextId ?? "", Status(task.Status))
        {
            Artifacts = task.Artifacts?.Select(Artifact).ToList(),
            History = task.History?.Select(Message).ToList(),
            Metadata = task.Metadata,
        };

    /// <summary>A stream event; a status update is <c>final</c> when the stream ends with it (the turn is over).</summary>
    public static object Event(StreamResponse e) =>
        e.Task is { } task ? Task(task)
        : e.Message is { } message ? Message(message)
        : e.StatusUpdate is { } s ? new TaskStatusUpdateEventV03(s.TaskId, s.ContextId, Status(s.Status), s.Status.State.IsTerminal() || s.Status.State.IsInterrupted()) { Metadata = s.Metadata }
        : e.ArtifactUpdate is { } a ? new TaskArtifactUpdateEventV03(a.TaskId, a.ContextId, Artifact(a.Artifact)) { Append = a.Append, LastChunk = a.LastChunk, Metadata = a.Metadata }
        : throw new InvalidOperationException("An empty stream event.");

    public static object SendResult(SendMessageResponse response) =>
        response.Task is { } task ? Task(task) : Message(response.Message ?? throw new InvalidOperationException("An empty send result."));

    public static PushNotificationConfigV03 PushConfig(TaskPushNotificationConfig config) =>
        new(config.Url)
        {
            Id = config.Id,
            Token = config.Token,
            Authentication = config.Authentication is { } auth ? new PushNotificationAuthenticationInfoV03([auth.Scheme]) { Credentials = auth.Credentials } : null,
        };

    public static TaskPushNotificationConfigV03 TaskPushConfig(TaskPushNotificationConfig config) => new(config.TaskId ?? "", PushConfig(config));

    public static MessageSendParamsV03 SendParams(SendMessageRequest request) => new(Message(request.Message))
    {
        Metadata = request.Metadata,
        Configuration = request.Configuration is not { } c ? null : new MessageSendConfigurationV03
        {
            AcceptedOutputModes = c.AcceptedOutputModes,
            HistoryLength = c.HistoryLength,
            Blocking = c.ReturnImmediately == true ? false : null,
            PushNotificationConfig = c.TaskPushNotificationConfig is { } push ? PushConfig(push) : null,
        },
    };
}
