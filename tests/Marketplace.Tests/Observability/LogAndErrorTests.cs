using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Observability;

/// <summary>Hostile request values reach log lines escaped and capped; problem bodies carry no internals.</summary>
[Collection("platform")]
public sealed class LogAndErrorTests(PlatformFixture platform)
{
    static HttpRequestMessage Mcp(string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Accept", "application/json, text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        return request;
    }

    [Fact]
    public async Task Control_characters_and_huge_values_from_requests_are_escaped_and_capped_in_logs()
    {
        var (_, key) = await platform.NewTenantAsync("owner");
        using var client = platform.Client(key);
        var marker = "M" + Guid.NewGuid().ToString("N")[..10];
        var hostile = JsonValue.Create($"{marker}\r\nWarning Forged{marker}: line\u001b[31mred\u0000nul")!.ToJsonString();
        var huge = JsonValue.Create(marker + new string('Z', 900 * 1024))!.ToJsonString();
        // The MCP server logs the client's name and version, and method and tool names, as it received them.
        await client.SendAsync(Mcp("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":""" + hostile + ""","version":""" + hostile + "}}}"));
        await client.SendAsync(Mcp("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":""" + hostile + ""","arguments":{}}}"""));
        await client.SendAsync(Mcp("""{"jsonrpc":"2.0","id":3,"method":""" + hostile + ""","params":{}}"""));
        await client.SendAsync(Mcp("""{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":""" + huge + ""","arguments":{}}}"""));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        List<string> lines;
        while ((lines = platform.Logs.Lines.Where(l => l.Contains(marker, StringComparison.Ordinal)).ToList()).Count(l => l.Contains(marker + "ZZZ")) == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.NotEmpty(lines);
        Assert.Contains(lines, l => l.Contains(marker + "ZZZ"));
        foreach (var line in lines)
        {
            Assert.DoesNotContain("\nWarning Forged", line);
            Assert.DoesNotContain("\rWarning Forged", line);
            Assert.False(line.Contains('\u001b') || line.Contains('\0'), line[..Math.Min(300, line.Length)]);
            Assert.DoesNotContain(new string('Z', 300), line); // each value at most 256 characters, wherever it appears
        }
        Assert.Contains(lines, l => l.Contains(@$"{marker}\r\nWarning Forged{marker}: line\e[31mred\0nul"));
        Assert.Contains(lines, l => l.Contains("…(921611 chars)"));
    }

    static void AssertNoInternals(string body)
    {
        Assert.DoesNotContain("System.", body);
        Assert.DoesNotContain("Marketplace.", body);
        Assert.DoesNotContain("Exception", body);
        Assert.DoesNotContain("127.0.0.1", body);
        Assert.DoesNotContain("[::1]", body);
    }

    [Fact]
    public async Task Problems_name_no_dotnet_types_exception_texts_or_resolved_addresses()
    {
        var (_, key) = await platform.NewTenantAsync("owner");
        using var client = platform.Client(key);
        var closed = NodeTools.GetFreeTcpPort(); // nothing listens: the connection to the resolved loopback address fails

        var card = await client.PostAsJsonAsync("/api/agents", new { cardUrl = $"http://localhost:{closed}/card.json" });
        var problem = await ProblemAssert.IsProblem(card, HttpStatusCode.BadGateway);
        Assert.Equal("The card could not be fetched: the connection could not be made.", problem["detail"]!.GetValue<string>());
        AssertNoInternals(problem.ToJsonString());

        var server = await client.PostAsJsonAsync("/api/mcp-servers", new { prefix = "gone", url = $"http://localhost:{closed}/mcp" });
        AssertNoInternals((await ProblemAssert.IsProblem(server, HttpStatusCode.BadGateway)).ToJsonString());

        var wrongType = await client.PostAsync("/api/tools", new StringContent("""{"name":[1]}""", Encoding.UTF8, "application/json"));
        var invalid = await ProblemAssert.IsProblem(wrongType, HttpStatusCode.BadRequest);
        Assert.Equal(["$.name"], ProblemAssert.ErrorPaths(invalid));
        AssertNoInternals(invalid.ToJsonString());

        var rpc = await client.PostAsync("/a2a/agents/agt-missing", new StringContent(
            """{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":{"message":{"messageId":"m","role":"ROLE_USER","parts":{"text":1}}}}""", Encoding.UTF8, "application/json")
            { Headers = { { "A2A-Version", "1.0" } } });
        AssertNoInternals(await rpc.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_tool_whose_host_cannot_be_reached_reports_a_fixed_phrase()
    {
        var (_, key) = await platform.NewTenantAsync("owner");
        using var client = platform.Client(key);
        var closed = NodeTools.GetFreeTcpPort();
        await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/tools", new
        {
            name = "gone",
            description = "Nothing listens",
            inputSchema = new { type = "object" },
            http = new { method = "GET", urlTemplate = $"http://localhost:{closed}/x" },
        }), HttpStatusCode.Created);
        await using var mcp = await McpClients.ConnectAsync(platform.BaseAddress, key);
        var result = await mcp.CallToolAsync("gone", new Dictionary<string, object?>());
        Assert.True(result.IsError);
        var text = Assert.IsType<ModelContextProtocol.Protocol.TextContentBlock>(result.Content[0]).Text;
        Assert.Equal("The tool could not be reached: the connection could not be made.", text);
    }
}
