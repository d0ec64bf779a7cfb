using Bunit;
using Marketplace.Console.Components;
using Xunit;

namespace Marketplace.Console.Tests;

public sealed class ChatPanelTests
{
    sealed class Context(FakeApi api) : ConsoleTestContext(api);

    [Fact]
    public void A_message_streams_through_the_gateway_and_the_log_shows_states_and_artifacts()
    {
        var api = new FakeApi(request => request.RequestUri!.AbsolutePath switch
        {
            "/a2a/agents/agent-1" => FakeApi.Sse(
                """{"task":{"id":"t1","contextId":"c1","status":{"state":"TASK_STATE_SUBMITTED"}}}""",
                """{"statusUpdate":{"taskId":"t1","contextId":"c1","status":{"state":"TASK_STATE_WORKING"}}}""",
                """{"artifactUpdate":{"taskId":"t1","contextId":"c1","artifact":{"artifactId":"a","name":"keywords","parts":[{"data":{"word":"cards"}}]}}}""",
                """{"statusUpdate":{"taskId":"t1","contextId":"c1","status":{"state":"TASK_STATE_COMPLETED"}}}"""),
            _ => FakeApi.Json("""{"tenantId":"t","balance":1,"spendable":1,"reserved":0,"overdraft":0,"grants":[]}"""),
        });
        using var ctx = new Context(api);
        var panel = ctx.Render<ChatPanel>(p => p.Add(c => c.AgentId, "agent-1"));
        panel.Find("#chat-input").Input("Agents publish cards.");
        panel.Find("form").Submit();

        panel.WaitForAssertion(() => Assert.Equal("completed", panel.Find("[data-testid=task-state]").TextContent));
        var log = panel.Find("[data-testid=chat-log]");
        Assert.Equal(["user", "state", "state", "artifact", "state"], log.QuerySelectorAll("li").Select(li => li.GetAttribute("data-kind")));
        Assert.Contains("\"word\": \"cards\"", log.QuerySelector("pre")!.TextContent);
        var sent = api.Requests.First(r => r.RequestUri!.AbsolutePath == "/a2a/agents/agent-1");
        Assert.Equal("text/event-stream", sent.Headers.Accept.Single().MediaType);
        Assert.Equal("1.0", sent.Headers.GetValues("A2A-Version").Single());
    }

    [Fact]
    public void A_refusal_from_the_gateway_is_shown_in_the_log()
    {
        var api = new FakeApi(_ => FakeApi.Json("""{"jsonrpc":"2.0","id":"1","error":{"code":-32001,"message":"Payment required: not enough credit"}}"""));
        using var ctx = new Context(api);
        var panel = ctx.Render<ChatPanel>(p => p.Add(c => c.AgentId, "agent-1"));
        panel.Find("#chat-input").Input("hello");
        panel.Find("form").Submit();
        panel.WaitForAssertion(() => Assert.Contains("not enough credit", panel.Find("li[data-kind=error]").TextContent));
    }
}
