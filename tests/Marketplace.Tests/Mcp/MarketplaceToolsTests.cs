using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Mcp;

/// <summary>The marketplace's own tools in every tenant's hub: what they find and show, and what stays hidden.</summary>
[Collection("platform-tools")]
public sealed class MarketplaceToolsTests(PlatformFixture platform)
{
    [Fact]
    public async Task Get_agent_reads_a_listing_the_caller_may_see_and_nothing_else()
    {
        var (_, publisherKey) = await platform.NewTenantAsync("publisher");
        using var publisher = platform.Client(publisherKey);
        var name = "Reader " + Guid.NewGuid().ToString("N")[..8];
        var visible = await ProblemAssert.ReadObject(await publisher.PostAsJsonAsync("/api/agents", new { card = Cards.Valid(name: name), visibility = "public" }));
        var hidden = await ProblemAssert.ReadObject(await publisher.PostAsJsonAsync("/api/agents", new { card = Cards.Valid(name: name + " private"), visibility = "private" }));
        var (_, key) = await platform.NewTenantAsync("reader");
        using var client = platform.Client(key);

        var agentId = visible["agentId"]!.GetValue<string>();
        var shown = await McpTools.CallAsync(client, "marketplace.get_agent", new JsonObject { ["agentId"] = agentId });
        Assert.NotEqual(true, shown["isError"]?.GetValue<bool>());
        var view = shown["structuredContent"]!;
        Assert.Equal((agentId, name, "keywords", false), (view["agentId"]!.GetValue<string>(), view["name"]!.GetValue<string>(),
            view["skills"]![0]!["id"]!.GetValue<string>(), view["verified"]!.GetValue<bool>()));
        Assert.EndsWith($"/a2a/agents/{agentId}", view["jsonRpcEndpoint"]!.GetValue<string>());

        // Another tenant's private listing reads as missing, exactly as an unknown id does.
        var privateOne = await McpTools.CallAsync(client, "marketplace.get_agent", new JsonObject { ["agentId"] = hidden["agentId"]!.GetValue<string>() });
        var unknown = await McpTools.CallAsync(client, "marketplace.get_agent", new JsonObject { ["agentId"] = "agt-nobody" });
        Assert.True(privateOne["isError"]!.GetValue<bool>() && unknown["isError"]!.GetValue<bool>());
        Assert.StartsWith("No agent", privateOne["content"]![0]!["text"]!.GetValue<string>());
        Assert.True((await McpTools.CallAsync(client, "marketplace.get_agent", new JsonObject()))["isError"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Search_ranks_what_the_caller_may_see_and_refuses_bad_arguments_as_tool_errors()
    {
        var (_, publisherKey) = await platform.NewTenantAsync("publisher");
        using var publisher = platform.Client(publisherKey);
        var marker = "zq" + Guid.NewGuid().ToString("N")[..8];
        var listed = await ProblemAssert.ReadObject(await publisher.PostAsJsonAsync("/api/agents", new { card = Cards.Valid(name: $"Analyst {marker}"), visibility = "public" }));
        var (_, key) = await platform.NewTenantAsync("reader");
        using var client = platform.Client(key);

        var found = await McpTools.CallAsync(client, "marketplace.search", new JsonObject { ["query"] = marker, ["types"] = new JsonArray("agent"), ["limit"] = 5 });
        var first = found["structuredContent"]!["items"]![0]!;
        Assert.Equal(("agent", listed["agentId"]!.GetValue<string>()), (first["type"]!.GetValue<string>(), first["id"]!.GetValue<string>()));
        Assert.Contains(marker, first["matchedTerms"]!.AsArray().Select(t => t!.GetValue<string>()));

        foreach (var bad in new[] { new JsonObject(), new JsonObject { ["query"] = "" }, new JsonObject { ["query"] = "x", ["types"] = new JsonArray("robot") },
                     new JsonObject { ["query"] = "x", ["limit"] = 0 }, new JsonObject { ["query"] = new string('x', 501) } })
            Assert.True((await McpTools.CallAsync(client, "marketplace.search", bad))["isError"]!.GetValue<bool>(), bad.ToJsonString());
    }

    [Fact]
    public async Task A_tenant_cannot_register_a_tool_or_server_under_the_marketplace_names()
    {
        var (_, key) = await platform.NewTenantAsync("developer");
        using var client = platform.Client(key);
        var tool = await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/tools", new
        {
            name = "marketplace.search", description = "d", inputSchema = new { type = "object" }, http = new { method = "GET", urlTemplate = "https://api.example.com/x" },
        }), HttpStatusCode.BadRequest);
        Assert.Equal(["$.name"], ProblemAssert.ErrorPaths(tool));
        var server = await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/mcp-servers", new { prefix = "marketplace", url = "https://mcp.example.com/mcp" }), HttpStatusCode.BadRequest);
        Assert.Equal(["$.prefix"], ProblemAssert.ErrorPaths(server));
    }
}
