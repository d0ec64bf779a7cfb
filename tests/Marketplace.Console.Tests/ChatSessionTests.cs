using System.Text.Json;
using Marketplace.Client.Models;
using Marketplace.Console.Chat;
using Xunit;
using TaskStatus = Marketplace.Client.Models.TaskStatus;

namespace Marketplace.Console.Tests;

public sealed class ChatSessionTests
{
    static StreamResponse Status(string state, string? text = null) => new()
    {
        StatusUpdate = new TaskStatusUpdateEvent("t1", "c1", new TaskStatus(state)
        {
            Message = text is null ? null : new Message("m", "ROLE_AGENT", [new Part { Text = text }]),
        }),
    };

    static StreamResponse Chunk(string text, bool append) => new()
    {
        ArtifactUpdate = new TaskArtifactUpdateEvent("t1", "c1", new Artifact("summary", [new Part { Text = text }]) { Name = "summary" }) { Append = append },
    };

    [Fact]
    public void Each_state_change_and_status_message_is_logged_once()
    {
        var chat = new ChatSession();
        chat.Send("hello");
        chat.Apply(Status("TASK_STATE_SUBMITTED"));
        chat.Apply(Status("TASK_STATE_WORKING", "Reading the text"));
        chat.Apply(Status("TASK_STATE_WORKING"));
        chat.Apply(Status("TASK_STATE_COMPLETED"));
        Assert.Equal(["hello", "submitted", "working", "Reading the text", "completed"], chat.Entries.Select(e => e.Text));
        Assert.Equal(ChatEntryKind.Status, chat.Entries[3].Kind);
        Assert.True(chat.Finished);
        Assert.Equal("t1", chat.TaskId);
    }

    [Fact]
    public void Appended_chunks_grow_one_artifact_and_the_final_task_replaces_it()
    {
        var chat = new ChatSession();
        chat.Send("summarize");
        chat.Apply(Chunk("First.", append: false));
        chat.Apply(Chunk(" Second.", append: true));
        var artifact = Assert.Single(chat.Entries, e => e.Kind == ChatEntryKind.Artifact);
        Assert.Equal("First. Second.", artifact.Text);
        Assert.Equal("summary", artifact.Title);

        chat.Apply(new StreamResponse
        {
            Task = new AgentTask("t1", new TaskStatus("TASK_STATE_COMPLETED")) { Artifacts = [new Artifact("summary", [new Part { Text = "First. Second." }])] },
        });
        Assert.Single(chat.Entries, e => e.Kind == ChatEntryKind.Artifact);
    }

    [Fact]
    public void Data_parts_are_formatted_json_and_files_are_downloads()
    {
        var chat = new ChatSession();
        chat.Send("stats");
        chat.Apply(new StreamResponse
        {
            ArtifactUpdate = new TaskArtifactUpdateEvent("t1", "c1", new Artifact("stats", [
                new Part { Data = JsonSerializer.SerializeToElement(new { words = 3 }) },
                new Part { Raw = "aGk=", Filename = "hi.txt", MediaType = "text/plain" },
            ])),
        });
        var data = chat.Entries.Single(e => e.Json);
        Assert.Contains("\"words\": 3", data.Text);
        Assert.Contains('\n', data.Text);
        var file = chat.Entries.Single(e => e.Download is not null).Download!;
        Assert.Equal(new FileDownload("hi.txt", "data:text/plain;base64,aGk="), file);
    }

    [Fact]
    public void A_reply_to_input_required_continues_the_task_and_a_new_message_after_completion_starts_a_new_one()
    {
        var chat = new ChatSession();
        chat.Send("convert");
        chat.Apply(Status("TASK_STATE_INPUT_REQUIRED", "Which unit?"));
        var reply = chat.Send("km");
        Assert.Equal("t1", reply.TaskId);
        Assert.Equal("c1", reply.ContextId);

        chat.Apply(Status("TASK_STATE_COMPLETED"));
        var next = chat.Send("again");
        Assert.Null(next.TaskId);
        Assert.Equal("c1", next.ContextId);
        Assert.Null(chat.State);
    }

    [Fact]
    public void Links_other_than_http_are_not_offered_as_downloads()
    {
        var chat = new ChatSession();
        chat.Apply(new StreamResponse { Message = new Message("m", "ROLE_AGENT", [new Part { Url = "javascript:alert(1)" }, new Part { Text = "ok" }]) });
        Assert.Equal(["ok"], chat.Entries.Select(e => e.Text));
    }
}
