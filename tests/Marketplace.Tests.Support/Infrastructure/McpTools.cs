using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace Marketplace.Tests.Infrastructure;

/// <summary>One MCP <c>tools/call</c> over plain HTTP (2025-11-25, stateless), returning the call's result.</summary>
public static class McpTools
{
    public static async Task<JsonNode> CallAsync(HttpClient client, string tool, JsonObject arguments)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent(new JsonObject
            {
                ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = "tools/call", ["params"] = new JsonObject { ["name"] = tool, ["arguments"] = arguments },
            }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", "2025-11-25");
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        var json = response.Content.Headers.ContentType?.MediaType == "text/event-stream"
            ? text.Split('\n').First(l => l.StartsWith("data:", StringComparison.Ordinal))["data:".Length..]
            : text;
        return JsonNode.Parse(json)!["result"] ?? throw new Xunit.Sdk.XunitException(json);
    }
}
