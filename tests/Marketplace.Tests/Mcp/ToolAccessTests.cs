using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Xunit;
using static Marketplace.Tests.Mcp.McpToolNames;

namespace Marketplace.Tests.Mcp;

/// <summary>Grants, rate limits, paging and both protocol revisions, through the official C# client.</summary>
[Collection("platform-tools")]
public sealed class ToolAccessTests(PlatformFixture platform) : IAsyncLifetime
{
    UpstreamMcpServer upstream = null!;

    public async Task InitializeAsync() => upstream = await UpstreamMcpServer.StartAsync();

    public async Task DisposeAsync() => await upstream.DisposeAsync();

    /// <summary>A tenant whose tools are the upstream's, imported under the prefix "up".</summary>
    async Task<(string TenantId, HttpClient Owner)> TenantAsync()
    {
        var (tenantId, ownerKey) = await platform.NewTenantAsync("owner");
        platform.App.Configuration[$"ToolSecrets:{tenantId}:t"] = upstream.RequiredToken;
        var owner = platform.Client(ownerKey);
        await ProblemAssert.ReadObject(await owner.PostAsJsonAsync("/api/mcp-servers", new
        {
            prefix = "up",
            url = upstream.Url.ToString(),
            headers = new[] { new { name = UpstreamMcpServer.TokenHeader, secret = "t" } },
        }), HttpStatusCode.Created);
        return (tenantId, owner);
    }

    static Dictionary<string, object?> Add(int a, int b) => new() { ["a"] = a, ["b"] = b };

    [Theory]
    [InlineData("2025-11-25")]
    [InlineData("2026-07-28")]
    public async Task Both_revisions_list_every_page_and_call(string revision)
    {
        upstream.Tools["count"] = UpstreamMcpServer.NewTool("count", "Counts", """{"type":"object"}""");
        var (tenantId, _) = await TenantAsync();
        await using var mcp = await McpClients.ConnectAsync(platform.BaseAddress, await platform.NewKeyAsync(tenantId, "developer"), revision);
        Assert.Equal(revision, mcp.NegotiatedProtocolVersion);

        // Pages of two (the test host's page size): the client follows nextCursor to the end, in name order.
        var first = await mcp.ListToolsAsync(new ListToolsRequestParams());
        Assert.Equal(["up.add", "up.count"], TenantTools(first.Tools.Select(t => t.Name)));
        Assert.NotNull(first.NextCursor);
        var second = await mcp.ListToolsAsync(new ListToolsRequestParams { Cursor = first.NextCursor });
        Assert.Equal(["up.shout", "marketplace.get_agent"], second.Tools.Select(t => t.Name));
        var third = await mcp.ListToolsAsync(new ListToolsRequestParams { Cursor = second.NextCursor });
        Assert.Equal(["marketplace.get_run", "marketplace.search"], third.Tools.Select(t => t.Name));
        var fourth = await mcp.ListToolsAsync(new ListToolsRequestParams { Cursor = third.NextCursor });
        Assert.Equal(["marketplace.send_message", "marketplace.start_workflow"], fourth.Tools.Select(t => t.Name));
        Assert.Null(fourth.NextCursor);
        // The tenant's tools by name, then the marketplace's own.
        var all = await mcp.ListToolsAsync();
        Assert.Equal(["up.add", "up.count", "up.shout", "marketplace.get_agent", "marketplace.get_run", "marketplace.search", "marketplace.send_message", "marketplace.start_workflow"],
            all.Select(t => t.Name));
        Assert.Equal("3", Assert.IsType<TextContentBlock>((await mcp.CallToolAsync("up.add", Add(1, 2))).Content[0]).Text);

        var badCursor = await Assert.ThrowsAsync<McpProtocolException>(() => mcp.ListToolsAsync(new ListToolsRequestParams { Cursor = "%%%" }).AsTask());
        Assert.Equal(McpErrorCode.InvalidParams, badCursor.ErrorCode);
        var unknown = await Assert.ThrowsAsync<McpProtocolException>(() => mcp.CallToolAsync("up.nothing", Add(1, 2)).AsTask());
        Assert.Equal(McpErrorCode.InvalidParams, unknown.ErrorCode);
    }

    [Fact]
    public async Task Grants_decide_who_lists_and_calls_a_tool()
    {
        var (tenantId, owner) = await TenantAsync();
        var developerKey = await platform.NewKeyAsync(tenantId, "developer");
        var agentKey = await platform.NewKeyAsync(tenantId, "agent");
        var agentKeyId = agentKey.Split('.')[2];
        await ProblemAssert.ReadObject(await owner.PutAsJsonAsync("/api/tools/up.add/access", new { grant = new { roles = new[] { "owner" }, principals = new[] { agentKeyId } } }));

        await using (var developer = await McpClients.ConnectAsync(platform.BaseAddress, developerKey))
        {
            Assert.Equal(["up.shout"], TenantTools((await developer.ListToolsAsync()).Select(t => t.Name)));
            // Not granted reads exactly as not there.
            var refused = await Assert.ThrowsAsync<McpProtocolException>(() => developer.CallToolAsync("up.add", Add(1, 1)).AsTask());
            Assert.Contains("Unknown tool", refused.Message);
        }
        await using (var agent = await McpClients.ConnectAsync(platform.BaseAddress, agentKey))
        {
            Assert.Equal(["up.add", "up.shout"], TenantTools((await agent.ListToolsAsync()).Select(t => t.Name)));
            Assert.NotEqual(true, (await agent.CallToolAsync("up.add", Add(1, 1))).IsError);
        }

        var invalid = await ProblemAssert.IsProblem(await owner.PutAsJsonAsync("/api/tools/up.add/access", new { grant = new { roles = Array.Empty<string>() }, rateLimit = new { perMinute = 0 } }), HttpStatusCode.BadRequest);
        Assert.Equal(["$.grant", "$.rateLimit.perMinute"], ProblemAssert.ErrorPaths(invalid));
        using var reader = platform.Client(await platform.NewKeyAsync(tenantId, "reader"));
        await ProblemAssert.IsProblem(await reader.PutAsJsonAsync("/api/tools/up.add/access", new { }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_rate_limited_tool_refuses_calls_beyond_its_burst_and_audits_them()
    {
        var (tenantId, owner) = await TenantAsync();
        await ProblemAssert.ReadObject(await owner.PutAsJsonAsync("/api/tools/up.add/access", new { rateLimit = new { perMinute = 2, burst = 2 } }));
        await using var mcp = await McpClients.ConnectAsync(platform.BaseAddress, await platform.NewKeyAsync(tenantId, "developer"));
        var results = new List<CallToolResult>();
        for (var i = 0; i < 4; i++) results.Add(await mcp.CallToolAsync("up.add", Add(i, i)));
        Assert.Equal([false, false, true, true], results.Select(r => r.IsError == true));
        Assert.Contains("Rate limit", Assert.IsType<TextContentBlock>(results[2].Content[0]).Text);
        // Other tools are not limited by it.
        Assert.NotEqual(true, (await mcp.CallToolAsync("up.shout", new Dictionary<string, object?> { ["text"] = "hi" })).IsError);

        var metrics = await ProblemAssert.ReadObject(await owner.GetAsync("/api/tools/up.add/metrics"));
        Assert.Equal((4, 2), (metrics["calls"]!.GetValue<int>(), metrics["errors"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Http_tool_headers_carry_configured_secrets_that_the_api_never_returns()
    {
        var (tenantId, ownerKey) = await platform.NewTenantAsync("owner");
        platform.App.Configuration[$"ToolSecrets:{tenantId}:weather"] = "s3cret-weather-token";
        await using var backend = await RecordingBackend.StartAsync();
        using var owner = platform.Client(ownerKey);
        var created = await owner.PostAsJsonAsync("/api/tools", new
        {
            name = "weather",
            description = "Weather",
            inputSchema = new { type = "object" },
            http = new { method = "GET", urlTemplate = backend.Url + "weather", headers = new object[] { new { name = "Authorization", secret = "weather" }, new { name = "X-Plain", value = "v" } } },
        });
        var body = await created.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.DoesNotContain("s3cret", body);
        await using var mcp = await McpClients.ConnectAsync(platform.BaseAddress, ownerKey);
        await mcp.CallToolAsync("weather", new Dictionary<string, object?>());
        var request = Assert.Single(backend.Requests);
        Assert.Equal("/weather", request.PathAndQuery);
        Assert.Equal("s3cret-weather-token", request.Headers["Authorization"]);
        Assert.Equal("v", request.Headers["X-Plain"]);
        Assert.DoesNotContain("s3cret", await owner.GetStringAsync("/api/tools/weather"));
    }
}
