using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Marketplace.A2A.Gateway;
using Marketplace.A2A.Protocol;
using Marketplace.Mcp;
using Marketplace.Registry;
using Marketplace.Security;
using Marketplace.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Marketplace.Tests.A2A;

/// <summary>
/// The outbound client retries what is safe to repeat and nothing else, against an upstream on Kestrel that answers
/// 503 to the first request of each JSON-RPC method.
/// </summary>
public sealed class UpstreamRetryTests : IAsyncLifetime
{
    readonly ConcurrentDictionary<string, int> calls = new();
    readonly ServiceProvider services;
    WebApplication? upstream;
    Uri? baseAddress;

    public UpstreamRetryTests()
    {
        var collection = new ServiceCollection();
        collection.AddHttpClient(CardFetcher.ClientName).AddUpstreamRetry();
        services = collection.BuildServiceProvider();
    }

    async Task<string> StartAsync()
    {
        (upstream, baseAddress) = await LoopbackServer.StartAsync(app => app.MapPost("/rpc", async (HttpContext http) =>
        {
            using var body = await System.Text.Json.JsonDocument.ParseAsync(http.Request.Body);
            var method = body.RootElement.GetProperty("method").GetString()!;
            if (calls.AddOrUpdate(method, 1, (_, n) => n + 1) == 1) return Results.StatusCode(503);
            var id = body.RootElement.GetProperty("id").GetRawText();
            var result = method is "tools/list" or "tools/call"
                ? """{"tools":[]}"""
                : """{"id":"t1","contextId":"c1","status":{"state":"TASK_STATE_COMPLETED"}}""";
            return Results.Text($$"""{"jsonrpc":"2.0","id":{{id}},"result":{{result}}}""", "application/json");
        }));
        return new Uri(baseAddress, "/rpc").ToString();
    }

    UpstreamAgent Agent(string url)
    {
        var card = new AgentCard("Flaky", "Fails once", [new AgentInterface(url, "JSONRPC", "1.0")], "1.0", new AgentCapabilities(),
            ["text/plain"], ["text/plain"], [new AgentSkill("s", "S", "d", ["t"])]);
        var guard = new SsrfGuard(Options.Create(new OutboundOptions { AllowHttp = true, AllowLoopback = true }));
        return UpstreamAgent.For(card, services.GetRequiredService<IHttpClientFactory>().CreateClient(CardFetcher.ClientName), guard, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Reading_a_task_is_tried_again_after_a_503_and_sending_a_message_is_not()
    {
        var agent = Agent(await StartAsync());

        var task = await agent.GetTaskAsync("t1", null, CancellationToken.None);
        Assert.Equal(TaskState.Completed, task.Status.State);
        Assert.Equal(2, calls["GetTask"]);

        await Assert.ThrowsAsync<A2AError>(() => agent.SendMessageAsync(new SendMessageRequest(new Message("m1", MessageRole.User, [new Part { Text = "hi" }])), CancellationToken.None));
        Assert.Equal(1, calls["SendMessage"]);
    }

    [Fact]
    public async Task An_mcp_tools_list_is_tried_again_after_a_503_and_a_tools_call_is_not()
    {
        var url = await StartAsync();
        using var client = new HttpClient(new McpReadMarker { InnerHandler = services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(CardFetcher.ClientName) });

        using var list = await client.PostAsync(url, Rpc("tools/list"));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(2, calls["tools/list"]);

        using var call = await client.PostAsync(url, Rpc("tools/call"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, call.StatusCode);
        Assert.Equal(1, calls["tools/call"]);
    }

    static StringContent Rpc(string method) =>
        new(System.Text.Json.JsonSerializer.Serialize(new { jsonrpc = "2.0", id = 1, method, @params = new { } }), Encoding.UTF8, "application/json");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (upstream is not null) await upstream.DisposeAsync();
        await services.DisposeAsync();
    }
}
