using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace Marketplace.Tests.Infrastructure;

/// <summary>Plain JSON-RPC calls to the gateway, for tests that look at exactly what goes over the wire.</summary>
public static class A2ARpc
{
    public static async Task<JsonNode> PostAsync(HttpClient client, string agentId, string method, JsonObject parameters, string id = "1")
    {
        var body = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters };
        var request = new HttpRequestMessage(HttpMethod.Post, $"/a2a/agents/{agentId}") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        if (!client.DefaultRequestHeaders.Contains("A2A-Version")) request.Headers.Add("A2A-Version", "1.0");
        var response = await client.SendAsync(request);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public static async Task<JsonNode> ResultAsync(HttpClient client, string agentId, string method, JsonObject parameters)
    {
        var envelope = await PostAsync(client, agentId, method, parameters);
        Assert.True(envelope["result"] is not null, envelope.ToJsonString());
        return envelope["result"]!;
    }

    public static async Task<JsonNode> ErrorAsync(HttpClient client, string agentId, string method, JsonObject parameters)
    {
        var envelope = await PostAsync(client, agentId, method, parameters);
        Assert.True(envelope["error"] is not null, envelope.ToJsonString());
        return envelope["error"]!;
    }
}

public static class Eventually
{
    /// <summary>Polls until the probe returns a value, failing after the timeout (20 s by default).</summary>
    public static async Task<T> Get<T>(Func<Task<T?>> probe, TimeSpan? timeout = null) where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            if (await probe() is { } value) return value;
            Assert.True(DateTime.UtcNow < deadline, "Condition not met in time.");
            await Task.Delay(100);
        }
    }
}
