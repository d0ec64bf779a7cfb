using Marketplace.A2A.Protocol;

namespace Marketplace.Agents;

/// <summary>What a skill sees and can do while it runs one task.</summary>
public sealed class SkillRun(AgentTaskState task, Message request, CancellationToken cancellation)
{
    public string Text => MessageMetadata.Text(request);

    /// <summary>The id the caller gave the message; a retried send carries the same one.</summary>
    public string MessageId => request.MessageId;

    public CancellationToken Cancellation => cancellation;

    public string? MetadataString(string name) => MessageMetadata.String(request, name);

    public int? MetadataInt(string name) => MessageMetadata.Int(request, name);

    public Task EmitAsync(Artifact artifact, bool append = false, bool lastChunk = true) => task.EmitArtifactAsync(artifact, append, lastChunk);

    /// <summary>Moves the task to INPUT_REQUIRED with the question, and returns the text of the caller's next message.</summary>
    public Task<string> AskAsync(string question) => task.AskAsync(question, cancellation);

    public Task FailAsync(string reason) => task.FinishAsync(TaskState.Failed, reason);

    /// <summary>Units of work to report when the task completes (as <c>metadata.usage</c>), for per-unit pricing.</summary>
    public Dictionary<string, long> Usage { get; } = [];
}

/// <summary>Reading a request message's text and metadata.</summary>
public static class MessageMetadata
{
    public static string Text(Message message) => string.Join("\n", message.Parts.Select(p => p.Text).Where(t => t is not null));

    public static string? String(Message message, string name) =>
        message.Metadata is { ValueKind: System.Text.Json.JsonValueKind.Object } m && m.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString() : null;

    public static int? Int(Message message, string name) =>
        message.Metadata is { ValueKind: System.Text.Json.JsonValueKind.Object } m && m.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;
}
