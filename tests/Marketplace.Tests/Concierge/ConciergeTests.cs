using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Concierge;

/// <summary>The concierge's refusals: roles as the gateway's, no tenant-less callers, no tasks of its own.</summary>
[Collection("platform-tools")]
public sealed class ConciergeTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_reader_may_find_but_not_delegate_and_the_admin_key_and_task_methods_are_refused()
    {
        var marker = "zq" + Guid.NewGuid().ToString("N")[..8];
        await using var probe = await WorkflowAgent.StartAsync("Concierge Probe " + marker);
        var (tenantId, ownerKey) = await platform.NewTenantAsync("owner");
        using var owner = platform.Client(ownerKey);
        var agentId = (await ProblemAssert.ReadObject(await owner.PostAsJsonAsync("/api/agents", new { cardUrl = probe.CardUrl, visibility = "private" })))["agentId"]!.GetValue<string>();
        using var reader = platform.Client(await platform.NewKeyAsync(tenantId, "reader"));

        var found = await RpcAsync(reader, "SendMessage", Send("find-agent", $"the {marker} agent"));
        var findings = found["result"]!["message"]!["parts"]!.AsArray().Select(p => p!["data"]).First(d => d is not null)!;
        Assert.Equal(agentId, findings["agents"]![0]!["agentId"]!.GetValue<string>());

        var refused = (await RpcAsync(reader, "SendMessage", Send("delegate", $"echo {marker}")))["error"]!;
        Assert.Contains("owner, developer or agent", refused["message"]!.GetValue<string>());
        Assert.Equal(0, probe.Count("echo", $"echo {marker}"));

        using var admin = platform.Admin();
        Assert.NotNull((await RpcAsync(admin, "SendMessage", Send("find-agent", marker)))["error"]);
        using var anonymous = platform.Client();
        Assert.NotNull((await RpcAsync(anonymous, "SendMessage", Send("find-agent", marker)))["error"]);
        Assert.NotNull((await RpcAsync(owner, "GetTask", new JsonObject { ["id"] = "tsk-none" }))["error"]);
        Assert.NotNull((await RpcAsync(owner, "SendMessage", Send("find-agent", new string('x', 501))))["error"]);
    }

    static JsonObject Send(string skill, string text) => new()
    {
        ["message"] = new JsonObject
        {
            ["messageId"] = Guid.NewGuid().ToString("N"), ["role"] = "ROLE_USER",
            ["parts"] = new JsonArray(new JsonObject { ["text"] = text }), ["metadata"] = new JsonObject { ["skill"] = skill },
        },
    };

    static async Task<JsonNode> RpcAsync(HttpClient client, string method, JsonObject parameters)
    {
        var body = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = method, ["params"] = parameters };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/a2a/concierge") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Add("A2A-Version", "1.0");
        using var response = await client.SendAsync(request);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
