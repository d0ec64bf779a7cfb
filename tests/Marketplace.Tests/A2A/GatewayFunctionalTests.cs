using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.A2A;

/// <summary>Gateway behaviour against the real sample agents, over raw HTTP.</summary>
[Collection("platform-gateway")]
public sealed class GatewayFunctionalTests(PlatformFixture platform, SampleAgentsFixture agents) : IClassFixture<SampleAgentsFixture>, IAsyncLifetime
{
    string textAgent = "", key = "";

    public async Task InitializeAsync()
    {
        var (_, publisherKey) = await platform.NewTenantAsync("publisher");
        (textAgent, _) = await agents.PublishAsync(platform.BaseAddress, publisherKey);
        (_, key) = await platform.NewTenantAsync("developer");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Sse_frames_are_json_rpc_responses_with_the_request_id_one_per_data_line()
    {
        using var client = Client(key);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/a2a/agents/{textAgent}")
        {
            Content = Json(Rpc("req-7", "SendStreamingMessage", Send("One. Two. Three.", "summarize", delayMs: 20))),
        };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var raw = await response.Content.ReadAsStringAsync();
        var frames = raw.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.True(frames.Length >= 3, raw);
        Assert.All(frames, f =>
        {
            Assert.StartsWith("data: ", f);
            var envelope = JsonNode.Parse(f["data: ".Length..])!;
            Assert.Equal("req-7", envelope["id"]!.GetValue<string>());
            Assert.NotNull(envelope["result"]);
        });
        Assert.NotNull(JsonNode.Parse(frames[0]["data: ".Length..])!["result"]!["task"]);
        Assert.Equal("TASK_STATE_COMPLETED", JsonNode.Parse(frames[^1]["data: ".Length..])!["result"]!["statusUpdate"]!["status"]!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Another_tenant_cannot_see_read_cancel_or_continue_a_task()
    {
        using var owner = Client(key);
        var task = (await A2ARpc.ResultAsync(owner, textAgent, "SendMessage", Send("Some text here.", "keywords")))["task"]!;
        var taskId = task["id"]!.GetValue<string>();

        var (_, otherKey) = await platform.NewTenantAsync("developer");
        using var other = Client(otherKey);
        foreach (var (method, parameters) in new (string, JsonObject)[]
        {
            ("GetTask", new JsonObject { ["id"] = taskId }),
            ("CancelTask", new JsonObject { ["id"] = taskId }),
            ("SubscribeToTask", new JsonObject { ["id"] = taskId }),
            ("SendMessage", Send("more", "keywords", taskId: taskId)),
        })
            Assert.Equal(-32001, (await A2ARpc.ErrorAsync(other, textAgent, method, parameters))["code"]!.GetValue<int>());
        var listed = await A2ARpc.ResultAsync(other, textAgent, "ListTasks", new JsonObject());
        Assert.DoesNotContain(listed["tasks"]!.AsArray(), t => t!["id"]!.GetValue<string>() == taskId);
    }

    [Fact]
    public async Task A_finished_task_takes_no_more_messages_and_cannot_be_canceled()
    {
        using var client = Client(key);
        var taskId = (await A2ARpc.ResultAsync(client, textAgent, "SendMessage", Send("Done quickly.", "text-stats")))["task"]!["id"]!.GetValue<string>();
        Assert.Equal(-32004, (await A2ARpc.ErrorAsync(client, textAgent, "SendMessage", Send("again", "text-stats", taskId: taskId)))["code"]!.GetValue<int>());
        Assert.Equal(-32002, (await A2ARpc.ErrorAsync(client, textAgent, "CancelTask", new JsonObject { ["id"] = taskId }))["code"]!.GetValue<int>());
        Assert.Equal(-32004, (await A2ARpc.ErrorAsync(client, textAgent, "SubscribeToTask", new JsonObject { ["id"] = taskId }))["code"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("https://[fd00::1]/hook")]
    [InlineData("ftp://hooks.example/x")]
    public async Task Webhooks_that_reach_inside_are_refused_at_registration(string url)
    {
        using var client = Client(key);
        var taskId = (await A2ARpc.ResultAsync(client, textAgent, "SendMessage", Send("Text.", "text-stats")))["task"]!["id"]!.GetValue<string>();
        var error = await A2ARpc.ErrorAsync(client, textAgent, "CreateTaskPushNotificationConfig", new JsonObject { ["taskId"] = taskId, ["url"] = url });
        Assert.Equal(-32602, error["code"]!.GetValue<int>());
        var configs = await A2ARpc.ResultAsync(client, textAgent, "ListTaskPushNotificationConfigs", new JsonObject { ["taskId"] = taskId });
        Assert.Empty(configs["configs"]!.AsArray());
    }

    [Fact]
    public async Task Push_credentials_are_never_returned()
    {
        using var client = Client(key);
        var taskId = (await A2ARpc.ResultAsync(client, textAgent, "SendMessage", Send("Text.", "text-stats")))["task"]!["id"]!.GetValue<string>();
        var created = await A2ARpc.ResultAsync(client, textAgent, "CreateTaskPushNotificationConfig", new JsonObject
        {
            ["taskId"] = taskId, ["url"] = "https://hooks.example/x",
            ["authentication"] = new JsonObject { ["scheme"] = "Bearer", ["credentials"] = "super-secret" },
        });
        Assert.DoesNotContain("super-secret", created.ToJsonString());
        var listed = await A2ARpc.ResultAsync(client, textAgent, "ListTaskPushNotificationConfigs", new JsonObject { ["taskId"] = taskId });
        Assert.DoesNotContain("super-secret", listed.ToJsonString());
        Assert.Equal("Bearer", listed["configs"]![0]!["authentication"]!["scheme"]!.GetValue<string>());
    }

    HttpClient Client(string apiKey)
    {
        var client = platform.Client(apiKey);
        client.DefaultRequestHeaders.Add("A2A-Version", "1.0");
        return client;
    }

    static JsonObject Send(string text, string skill, int delayMs = 0, string? taskId = null) => new()
    {
        ["message"] = new JsonObject
        {
            ["messageId"] = Guid.NewGuid().ToString(), ["role"] = "ROLE_USER", ["taskId"] = taskId,
            ["parts"] = new JsonArray(new JsonObject { ["text"] = text }),
            ["metadata"] = new JsonObject { ["skill"] = skill, ["delayMs"] = delayMs },
        },
    };

    static JsonObject Rpc(string id, string method, JsonObject parameters) => new() { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters };

    static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
