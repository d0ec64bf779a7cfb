using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Marketplace.Tests.Observability;

/// <summary>One trace from the caller through the gateway into the agent: the W3C trace id arrives unchanged.</summary>
[Collection("platform")]
public sealed class TracePropagationTests(PlatformFixture platform)
{
    [Fact]
    public async Task The_callers_trace_id_reaches_the_agent()
    {
        var seen = new ConcurrentQueue<string>();
        var port = NodeTools.GetFreeTcpPort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var agent = builder.Build();
        // A minimal A2A agent that remembers the traceparent of every call it gets.
        agent.MapGet("/.well-known/agent-card.json", () =>
        {
            var card = Cards.Valid("Trace recorder");
            card["supportedInterfaces"]![0]!["url"] = $"http://127.0.0.1:{port}/a2a";
            return Results.Text(card.ToJsonString(), "application/json");
        });
        agent.MapPost("/a2a", async (HttpContext http) =>
        {
            seen.Enqueue(http.Request.Headers["traceparent"].ToString());
            var request = JsonNode.Parse(await new StreamReader(http.Request.Body).ReadToEndAsync())!;
            return Results.Json(new JsonObject
            {
                ["jsonrpc"] = "2.0", ["id"] = request["id"]!.DeepClone(),
                ["result"] = new JsonObject { ["task"] = new JsonObject { ["id"] = "t1", ["contextId"] = "c1", ["status"] = new JsonObject { ["state"] = "TASK_STATE_COMPLETED" } } },
            });
        });
        await agent.StartAsync();

        var (_, key) = await platform.NewTenantAsync("owner");
        using var client = platform.Client(key);
        var agentId = (await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/agents", new { cardUrl = $"http://127.0.0.1:{port}/.well-known/agent-card.json" })))["agentId"]!.GetValue<string>();

        // The caller's trace: HttpClient sends it as traceparent.
        var traceId = ActivityTraceId.CreateRandom();
        using var caller = new Activity("caller").SetParentId(traceId, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start();
        var result = await A2ARpc.ResultAsync(client, agentId, "SendMessage", new JsonObject
        {
            ["message"] = new JsonObject { ["messageId"] = "m1", ["role"] = "ROLE_USER", ["parts"] = new JsonArray(new JsonObject { ["text"] = "hi" }) },
        });
        Assert.Equal("TASK_STATE_COMPLETED", result["task"]!["status"]!["state"]!.GetValue<string>());

        var traceparent = Assert.Single(seen);
        Assert.Equal(traceId.ToHexString(), traceparent.Split('-')[1]);
    }
}
