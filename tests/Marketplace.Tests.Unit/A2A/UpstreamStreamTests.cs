using Marketplace.A2A.Gateway;
using Marketplace.A2A.Protocol;
using Marketplace.Registry;
using Marketplace.Security;
using Marketplace.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Xunit;

namespace Marketplace.Tests.A2A;

/// <summary>How the gateway reads an agent's event stream, against an agent on Kestrel that writes the bytes given.</summary>
public sealed class UpstreamStreamTests
{
    const string Working = """{"jsonrpc":"2.0","id":1,"result":{"statusUpdate":{"taskId":"t1","contextId":"c1","status":{"state":"TASK_STATE_WORKING"}}}}""";
    const string Completed = """{"jsonrpc":"2.0","id":1,"result":{"statusUpdate":{"taskId":"t1","contextId":"c1","status":{"state":"TASK_STATE_COMPLETED"}}}}""";

    [Fact]
    public async Task An_event_cut_off_before_its_blank_line_is_not_taken_as_the_agents_last_word()
    {
        // CRLF endings, a comment and "data:" without a space are all the specification's; the second event never ends.
        var states = await StatesAsync($": keep-alive\r\ndata:{Working}\r\n\r\ndata: {Completed}\n");
        Assert.Equal([TaskState.Working], states);
    }

    [Fact]
    public async Task Data_lines_of_one_event_join_with_newlines_and_every_ended_event_is_read()
    {
        var split = Completed.Replace(",\"status\"", "\ndata: ,\"status\"", StringComparison.Ordinal);
        Assert.Contains('\n', split);
        var states = await StatesAsync($"event: update\ndata: {Working}\n\ndata: {split}\n\n");
        Assert.Equal([TaskState.Working, TaskState.Completed], states);
    }

    static async Task<List<TaskState>> StatesAsync(string body)
    {
        var port = NodeTools.GetFreeTcpPort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var agent = builder.Build();
        agent.MapPost("/a2a", async (HttpContext http) =>
        {
            http.Response.ContentType = "text/event-stream";
            await http.Response.WriteAsync(body);
        });
        await agent.StartAsync();

        var url = $"http://127.0.0.1:{port}/a2a";
        var card = new AgentCard("Streamer", "Streams", [new AgentInterface(url, "JSONRPC", "1.0")], "1.0", new AgentCapabilities { Streaming = true },
            ["text/plain"], ["text/plain"], [new AgentSkill("s", "S", "d", ["t"])]);
        var guard = new SsrfGuard(Options.Create(new OutboundOptions { AllowHttp = true, AllowLoopback = true }));
        using var http = new HttpClient();
        var upstream = UpstreamAgent.For(card, http, guard, TimeSpan.FromSeconds(30));
        var states = new List<TaskState>();
        await foreach (var e in upstream.SendStreamingMessageAsync(new SendMessageRequest(new Message("m1", MessageRole.User, [new Part { Text = "hi" }])), CancellationToken.None))
            states.Add(e.StatusUpdate!.Status.State);
        return states;
    }
}
