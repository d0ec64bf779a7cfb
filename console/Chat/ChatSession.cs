using System.Text.Json;
using Marketplace.Client.Models;

namespace Marketplace.Console.Chat;

public enum ChatEntryKind { User, State, Status, Reply, Artifact, Error }

/// <summary>One line of the chat log. <see cref="Json"/> marks formatted data; <see cref="Download"/> a file to save.</summary>
public sealed record ChatEntry(ChatEntryKind Kind, string Text)
{
    public string? Title { get; init; }
    public bool Json { get; init; }
    public string? ArtifactId { get; init; }
    public FileDownload? Download { get; init; }
}

public sealed record FileDownload(string Name, string Href);

/// <summary>
/// A conversation with one agent through the gateway: turns the stream of A2A events into log entries (each state
/// change, status message, artifact) and knows which task and context the next message continues.
/// </summary>
public sealed class ChatSession
{
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    readonly List<ChatEntry> entries = [];

    public IReadOnlyList<ChatEntry> Entries => entries;

    public string? TaskId { get; private set; }

    public string? ContextId { get; private set; }

    /// <summary>The task's last state, as the API names it (TASK_STATE_*).</summary>
    public string? State { get; private set; }

    public bool Finished => State is "TASK_STATE_COMPLETED" or "TASK_STATE_FAILED" or "TASK_STATE_CANCELED" or "TASK_STATE_REJECTED";

    /// <summary>The message for what the user typed: in the same context, and in the same task when it asked for input.</summary>
    public Message Send(string text)
    {
        entries.Add(new ChatEntry(ChatEntryKind.User, text));
        var continues = State is "TASK_STATE_INPUT_REQUIRED" or "TASK_STATE_AUTH_REQUIRED";
        if (!continues)
        {
            TaskId = null;
            State = null;
        }
        return new Message(Guid.NewGuid().ToString("N"), "ROLE_USER", [new Part { Text = text }])
        {
            ContextId = ContextId,
            TaskId = continues ? TaskId : null,
        };
    }

    public void Apply(StreamResponse response)
    {
        if (response.Task is { } task)
        {
            TaskId = task.Id;
            ContextId = task.ContextId ?? ContextId;
            SetState(task.Status);
            foreach (var artifact in task.Artifacts ?? []) AddArtifact(artifact, append: false);
        }
        else if (response.StatusUpdate is { } status)
        {
            TaskId = status.TaskId;
            ContextId = status.ContextId;
            SetState(status.Status);
        }
        else if (response.ArtifactUpdate is { } update)
        {
            TaskId = update.TaskId;
            AddArtifact(update.Artifact, update.Append == true);
        }
        else if (response.Message is { } message)
        {
            ContextId = message.ContextId ?? ContextId;
            foreach (var entry in EntriesOf(message.Parts, ChatEntryKind.Reply, null)) entries.Add(entry);
        }
    }

    /// <summary>The stream broke or the agent refused: shown in the log, the conversation can go on.</summary>
    public void Fail(string title, string? detail) =>
        entries.Add(new ChatEntry(ChatEntryKind.Error, detail ?? title) { Title = title });

    /// <summary>A state name for people: TASK_STATE_INPUT_REQUIRED is "input required".</summary>
    public static string Describe(string state) =>
        state.Replace("TASK_STATE_", "", StringComparison.Ordinal).Replace('_', ' ').ToLowerInvariant();

    void SetState(Client.Models.TaskStatus status)
    {
        if (status.State != State)
        {
            State = status.State;
            entries.Add(new ChatEntry(ChatEntryKind.State, Describe(status.State)));
        }
        if (status.Message is { } message)
            foreach (var entry in EntriesOf(message.Parts, ChatEntryKind.Status, null)) entries.Add(entry);
    }

    void AddArtifact(Artifact artifact, bool append)
    {
        var index = entries.FindLastIndex(e => e.ArtifactId == artifact.ArtifactId);
        var added = EntriesOf(artifact.Parts, ChatEntryKind.Artifact, artifact).ToList();
        if (append && index >= 0 && !entries[index].Json && added is [{ Json: false, Download: null } more])
        {
            entries[index] = entries[index] with { Text = entries[index].Text + more.Text };
            return;
        }
        if (!append && index >= 0 && artifact.Parts.Count > 0)
        {
            // The whole artifact again (e.g. in the final task): replace what the stream showed.
            entries.RemoveAll(e => e.ArtifactId == artifact.ArtifactId);
        }
        entries.AddRange(added);
    }

    static IEnumerable<ChatEntry> EntriesOf(IReadOnlyList<Part> parts, ChatEntryKind kind, Artifact? artifact)
    {
        foreach (var part in parts)
        {
            var entry = part switch
            {
                { Text: { } text } => new ChatEntry(kind, text),
                { Data: { } data } => new ChatEntry(kind, JsonSerializer.Serialize(data, Indented)) { Json = true },
                { Raw: { } raw } => new ChatEntry(kind, part.Filename ?? "file")
                {
                    Download = new FileDownload(part.Filename ?? "file", $"data:{part.MediaType ?? "application/octet-stream"};base64,{raw}"),
                },
                { Url: { } url } when url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) =>
                    new ChatEntry(kind, part.Filename ?? url) { Download = new FileDownload(part.Filename ?? url, url) },
                _ => null,
            };
            if (entry is not null) yield return entry with { ArtifactId = artifact?.ArtifactId, Title = artifact?.Name };
        }
    }
}
