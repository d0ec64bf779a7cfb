using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.A2A;

/// <summary>
/// A message whose push-notification webhook the SSRF guard refuses is refused whole, on both bindings, blocking or
/// streaming: before credit is held, the agent is called or a task is stored.
/// </summary>
[Collection("platform-gateway")]
public sealed class RefusedSendTests(PlatformFixture platform) : IAsyncLifetime
{
    const long Price = 1_000;
    RecordingBackend agent = null!;
    string agentId = "", tenantId = "", key = "";

    public async Task InitializeAsync()
    {
        // The listed agent records every request it gets: it must get none.
        agent = await RecordingBackend.StartAsync();
        var card = Cards.Valid();
        card["supportedInterfaces"]![0]!["url"] = agent.Url + "a2a";
        var (_, publisherKey) = await platform.NewTenantAsync("publisher");
        using var publisher = platform.Client(publisherKey);
        agentId = (await ProblemAssert.ReadObject(await publisher.PostAsJsonAsync("/api/agents", new { card, visibility = "public", pricing = new { perCall = Price } })))["agentId"]!.GetValue<string>();
        (tenantId, key) = await platform.NewTenantAsync("developer");
        using var admin = platform.Admin();
        await ProblemAssert.ReadObject(await admin.PostAsJsonAsync($"/api/admin/tenants/{tenantId}/credits", new { amount = 10 * Price }));
    }

    public async Task DisposeAsync() => await agent.DisposeAsync();

    static JsonObject Send(string webhook) => new()
    {
        ["message"] = new JsonObject
        {
            ["messageId"] = Guid.NewGuid().ToString(), ["role"] = "ROLE_USER",
            ["parts"] = new JsonArray(new JsonObject { ["text"] = "Text." }),
        },
        ["configuration"] = new JsonObject { ["taskPushNotificationConfig"] = new JsonObject { ["url"] = webhook } },
    };

    [Theory]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://169.254.169.254/latest")]
    [InlineData("ftp://hooks.example/x")]
    public async Task A_send_with_a_refused_webhook_leaves_no_trace(string webhook)
    {
        using var client = platform.Client(key);
        foreach (var method in new[] { "SendMessage", "SendStreamingMessage" })
        {
            var envelope = await A2ARpc.PostAsync(client, agentId, method, Send(webhook));
            Assert.True(envelope["error"] is not null, envelope.ToJsonString());
            Assert.Equal(-32602, envelope["error"]!["code"]!.GetValue<int>());
            Assert.Contains("configuration.taskPushNotificationConfig.url", envelope["error"]!["data"]!.ToJsonString());
        }
        foreach (var path in new[] { "message:send", "message:stream" })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/a2a/agents/{agentId}/rest/{path}")
            {
                Content = new StringContent(Send(webhook).ToJsonString(), Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("A2A-Version", "1.0");
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
            Assert.Equal("INVALID_PARAMS", error["details"]![0]!["reason"]!.GetValue<string>());
        }

        Assert.Empty(agent.Requests);
        var tasks = await A2ARpc.ResultAsync(client, agentId, "ListTasks", new JsonObject());
        Assert.Empty(tasks["tasks"]!.AsArray());
        var balance = await client.GetFromJsonAsync<JsonObject>("/api/billing/balance");
        Assert.Equal((10 * Price, 0L), (balance!["balance"]!.GetValue<long>(), balance["reserved"]!.GetValue<long>()));
        var ledger = await client.GetFromJsonAsync<JsonObject>("/api/billing/ledger?limit=100");
        Assert.Empty(ledger!["entries"]!.AsArray());
        using var admin = platform.Admin();
        var reconciliation = await admin.GetFromJsonAsync<JsonObject>($"/api/admin/billing/reconcile/{tenantId}");
        Assert.Equal(0, reconciliation!["appliedEvents"]!.GetValue<int>());
    }
}
