using System.Text.Json.Nodes;
using System.Text.Json;
using Marketplace.A2A.Protocol;
using TaskStatus = Marketplace.A2A.Protocol.TaskStatus;

namespace Marketplace.A2A.Gateway;

/// <summary>
/// Rewrites what an agent says about its task into the gateway's terms (the gateway's task and context ids), and
/// folds stream events into the stored task so GetTask always matches the last event sent.
/// </summary>
public static class TaskTranslation
{
    public static AgentTask ToGateway(AgentTask upstream, string taskId, string contextId, DateTimeOffset now) => upstream with
    {
        Id = taskId,
        ContextId = contextId,
        Status = Status(upstream.Status, taskId, contextId, now),
        History = upstream.History?.Select(m => Message(m, taskId, contextId)).ToList(),
    };

    public static Message Message(Message message, string? taskId, string contextId) => message with { TaskId = taskId, ContextId = contextId };

    public static StreamResponse ToGateway(StreamResponse e, string taskId, string contextId, DateTimeOffset now) => e switch
    {
        { Task: { } t } => new StreamResponse { Task = ToGateway(t, taskId, contextId, now) },
        { Message: { } m } => new StreamResponse { Message = Message(m, taskId, contextId) },
        { StatusUpdate: { } s } => new StreamResponse { StatusUpdate = s with { TaskId = taskId, ContextId = contextId, Status = Status(s.Status, taskId, contextId, now) } },
        { ArtifactUpdate: { } a } => new StreamResponse { ArtifactUpdate = a with { TaskId = taskId, ContextId = contextId } },
        _ => throw A2AError.InvalidAgentResponse("a stream event with no payload"),
    };

    /// <summary>The task after a (translated) event.</summary>
    public static AgentTask Apply(AgentTask task, StreamResponse e) => e switch
    {
        { Task: { } t } => t with { History = t.History ?? task.History },
        { StatusUpdate: { } s } => task with
        {
            Status = s.Status,
            // An event's metadata is merged into the task's: this is how an agent reports usage (metadata.usage) on its final status.
            Metadata = MergeMetadata(task.Metadata, s.Metadata),
            // Status messages are part of the conversation: keep them in history as the agent's turn.
            History = s.Status.Message is { } m && task.History?.Any(h => h.MessageId == m.MessageId) != true
                ? [.. task.History ?? [], m]
                : task.History,
        },
        { ArtifactUpdate: { } a } => task with { Artifacts = MergeArtifact(task.Artifacts ?? [], a) },
        { Message: { } m } => task with { History = [.. task.History ?? [], m] },
        _ => task,
    };

    static JsonElement? MergeMetadata(JsonElement? current, JsonElement? update)
    {
        if (update is not { ValueKind: JsonValueKind.Object } u) return current;
        if (current is not { ValueKind: JsonValueKind.Object } c) return u;
        var merged = JsonNode.Parse(c.GetRawText())!.AsObject();
        foreach (var property in u.EnumerateObject()) merged[property.Name] = JsonNode.Parse(property.Value.GetRawText());
        return JsonSerializer.SerializeToElement(merged);
    }

    static IReadOnlyList<Artifact> MergeArtifact(IReadOnlyList<Artifact> artifacts, TaskArtifactUpdateEvent update)
    {
        var index = artifacts.ToList().FindIndex(a => a.ArtifactId == update.Artifact.ArtifactId);
        if (index < 0) return [.. artifacts, update.Artifact];
        var merged = artifacts.ToList();
        merged[index] = update.Append == true
            ? merged[index] with { Parts = [.. merged[index].Parts, .. update.Artifact.Parts] }
            : update.Artifact;
        return merged;
    }

    static TaskStatus Status(TaskStatus status, string taskId, string contextId, DateTimeOffset now) => status with
    {
        Message = status.Message is { } m ? Message(m, taskId, contextId) : null,
        Timestamp = status.Timestamp ?? now,
    };
}
