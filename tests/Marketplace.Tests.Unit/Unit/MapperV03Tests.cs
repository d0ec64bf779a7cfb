using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.A2A.Protocol;
using Marketplace.A2A.V03;
using Xunit;

namespace Marketplace.Tests.Unit;

/// <summary>The 0.3 ⇄ 1.0 translation of payloads, at its edges.</summary>
public sealed class MapperV03Tests
{
    static JsonNode Node(object value) => JsonSerializer.SerializeToNode(value, value.GetType(), JsonV03.Options)!;

    [Theory]
    [InlineData(TaskState.Submitted, "submitted")]
    [InlineData(TaskState.Working, "working")]
    [InlineData(TaskState.InputRequired, "input-required")]
    [InlineData(TaskState.Completed, "completed")]
    [InlineData(TaskState.Canceled, "canceled")]
    [InlineData(TaskState.Failed, "failed")]
    [InlineData(TaskState.Rejected, "rejected")]
    [InlineData(TaskState.AuthRequired, "auth-required")]
    [InlineData(TaskState.Unspecified, "unknown")]
    public void Every_state_has_its_0_3_name_and_comes_back(TaskState state, string name)
    {
        var status = Node(ToV03.Status(new Marketplace.A2A.Protocol.TaskStatus(state)));
        Assert.Equal(name, status["state"]!.GetValue<string>());
        Assert.Equal(state, FromV03.State(JsonV03.Read<TaskStatusV03>(status, "status").State));
    }

    [Fact]
    public void Parts_keep_their_content_both_ways()
    {
        var parts = new[]
        {
            Part.FromText("hello"),
            new Part { Raw = "AAEC", Filename = "a.bin", MediaType = "application/octet-stream" },
            new Part { Url = "https://files.example.com/a.pdf", MediaType = "application/pdf" },
            new Part { Data = JsonSerializer.SerializeToElement(new { total = 12 }) },
        };
        var message = new Message("m1", MessageRole.User, parts) { ContextId = "c", TaskId = "t" };
        var wire = Node(ToV03.Message(message));
        Assert.Equal("message", wire["kind"]!.GetValue<string>());
        Assert.Equal("user", wire["role"]!.GetValue<string>());
        Assert.Equal(["text", "file", "file", "data"], wire["parts"]!.AsArray().Select(p => p!["kind"]!.GetValue<string>()));
        Assert.Equal("AAEC", wire["parts"]![1]!["file"]!["bytes"]!.GetValue<string>());
        Assert.Equal("https://files.example.com/a.pdf", wire["parts"]![2]!["file"]!["uri"]!.GetValue<string>());

        var back = FromV03.Message(JsonV03.Read<MessageV03>(wire, "message"));
        Assert.Equal("hello", back.Parts[0].Text);
        Assert.Equal(("AAEC", "a.bin", "application/octet-stream"), (back.Parts[1].Raw, back.Parts[1].Filename, back.Parts[1].MediaType));
        Assert.Equal("https://files.example.com/a.pdf", back.Parts[2].Url);
        Assert.Equal(12, back.Parts[3].Data!.Value.GetProperty("total").GetInt32());
        Assert.Equal(("c", "t", MessageRole.User), (back.ContextId, back.TaskId, back.Role));
    }

    [Fact]
    public void Data_that_is_not_an_object_travels_wrapped_since_0_3_data_is_an_object()
    {
        var wire = Node(ToV03.Part(new Part { Data = JsonSerializer.SerializeToElement(new[] { 1, 2 }) }));
        Assert.Equal("""{"value":[1,2]}""", wire["data"]!.ToJsonString());
    }

    [Theory]
    [InlineData("""{"kind":"video"}""", "parts[0].kind")]
    [InlineData("""{"kind":"text"}""", "parts[0].text")]
    [InlineData("""{"kind":"file","file":{}}""", "parts[0].file")]
    [InlineData("""{"kind":"file","file":{"bytes":"AA==","uri":"https://a.example"}}""", "parts[0].file")]
    [InlineData("""{"kind":"data"}""", "parts[0].data")]
    public void A_part_with_no_1_0_meaning_names_its_field(string part, string field)
    {
        var message = JsonV03.Read<MessageV03>(JsonNode.Parse($$"""{"kind":"message","messageId":"m","role":"user","parts":[{{part}}]}"""), "message");
        var error = Assert.Throws<FormatV03Exception>(() => FromV03.Message(message));
        Assert.Equal("message." + field, error.Field);
        Assert.Equal(-32602, error.AsInvalidParams().JsonRpcCode);
        Assert.Equal(-32006, error.AsInvalidAgentResponse().JsonRpcCode);
    }

    [Fact]
    public void Blocking_is_the_opposite_of_return_immediately_and_push_schemes_become_one_scheme()
    {
        var send = FromV03.SendParams(JsonV03.Read<MessageSendParamsV03>(JsonNode.Parse("""
            {"message":{"kind":"message","messageId":"m","role":"user","parts":[{"kind":"text","text":"x"}]},
             "configuration":{"blocking":false,"historyLength":2,"acceptedOutputModes":["text/plain"],
               "pushNotificationConfig":{"url":"https://hooks.example.com","token":"t","authentication":{"schemes":["Bearer","Basic"],"credentials":"c"}}}}
            """), "params"));
        Assert.True(send.Configuration!.ReturnImmediately);
        Assert.Equal(2, send.Configuration.HistoryLength);
        Assert.Equal(("https://hooks.example.com", "t", "Bearer", "c"),
            (send.Configuration.TaskPushNotificationConfig!.Url, send.Configuration.TaskPushNotificationConfig.Token,
             send.Configuration.TaskPushNotificationConfig.Authentication!.Scheme, send.Configuration.TaskPushNotificationConfig.Authentication.Credentials));

        Assert.Null(ToV03.SendParams(new SendMessageRequest(new Message("m", MessageRole.User, [Part.FromText("x")]))
        { Configuration = new SendMessageConfiguration { ReturnImmediately = false } }).Configuration!.Blocking);
        Assert.False(ToV03.SendParams(new SendMessageRequest(new Message("m", MessageRole.User, [Part.FromText("x")]))
        { Configuration = new SendMessageConfiguration { ReturnImmediately = true } }).Configuration!.Blocking);
    }

    [Fact]
    public void Agent_events_are_read_by_their_kind()
    {
        var status = FromV03.Event(JsonNode.Parse("""{"kind":"status-update","taskId":"t","contextId":"c","final":true,"status":{"state":"input-required","timestamp":"2026-01-02T03:04:05.000Z"}}"""));
        Assert.Equal(TaskState.InputRequired, status.StatusUpdate!.Status.State);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), status.StatusUpdate.Status.Timestamp);
        var artifact = FromV03.Event(JsonNode.Parse("""{"kind":"artifact-update","taskId":"t","contextId":"c","lastChunk":true,"artifact":{"artifactId":"a","parts":[{"kind":"text","text":"x"}]}}"""));
        Assert.Equal(("a", true), (artifact.ArtifactUpdate!.Artifact.ArtifactId, artifact.ArtifactUpdate.LastChunk));
        var task = FromV03.Event(JsonNode.Parse("""{"kind":"task","id":"t","contextId":"c","status":{"state":"unknown"}}"""));
        Assert.Equal(TaskState.Unspecified, task.Task!.Status.State);
        Assert.Equal("result.kind", Assert.Throws<FormatV03Exception>(() => FromV03.Event(JsonNode.Parse("""{"id":"t"}"""))).Field);
        Assert.Throws<FormatV03Exception>(() => FromV03.Event(JsonNode.Parse("""{"kind":"task","id":"t","contextId":"c","status":{"state":"TASK_STATE_WORKING"}}""")));
    }

    [Fact]
    public void A_status_update_is_final_when_the_turn_ends()
    {
        static bool Final(TaskState state) =>
            Node(ToV03.Event(new StreamResponse { StatusUpdate = new TaskStatusUpdateEvent("t", "c", new Marketplace.A2A.Protocol.TaskStatus(state)) }))["final"]!.GetValue<bool>();
        Assert.False(Final(TaskState.Working));
        Assert.True(Final(TaskState.InputRequired));
        Assert.True(Final(TaskState.Completed));
        Assert.Equal("status-update", Node(ToV03.Event(new StreamResponse { StatusUpdate = new TaskStatusUpdateEvent("t", "c", new Marketplace.A2A.Protocol.TaskStatus(TaskState.Working)) }))["kind"]!.GetValue<string>());
    }

    [Fact]
    public void A_task_without_a_context_gets_an_empty_one_as_0_3_requires_it()
    {
        var wire = Node(ToV03.Task(new AgentTask("t", new Marketplace.A2A.Protocol.TaskStatus(TaskState.Working))));
        Assert.Equal(("task", ""), (wire["kind"]!.GetValue<string>(), wire["contextId"]!.GetValue<string>()));
    }
}
