using System.Text.Json.Nodes;
using Marketplace.Cli;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Cli;

/// <summary>Tools and federated MCP servers from the command line: register, approve, re-pin after a change, remove.</summary>
[Collection("platform")]
public sealed class CliToolsTests(PlatformFixture platform) : IDisposable
{
    readonly string files = Directory.CreateTempSubdirectory("mkt-tools-").FullName;

    public void Dispose() => Directory.Delete(files, recursive: true);

    static JsonNode? Tool(JsonNode list, string name) => list.AsArray().SingleOrDefault(t => t!["name"]!.GetValue<string>() == name);

    [Fact]
    public async Task Federated_servers_and_http_tools_are_registered_approved_pinned_and_removed()
    {
        await using var upstream = await UpstreamMcpServer.StartAsync();
        var (tenantId, key) = await platform.NewTenantAsync("developer");
        platform.App.Configuration[$"ToolSecrets:{tenantId}:upstream-token"] = upstream.RequiredToken;
        using var cli = new CliRunner(platform.BaseAddress, key);

        var added = await cli.JsonAsync("mcp-servers", "add", "up", upstream.Url.ToString(), "--secret-header", $"{UpstreamMcpServer.TokenHeader}=upstream-token");
        Assert.Equal(["up.add", "up.shout"], added["added"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("approved", Tool(await cli.JsonAsync("tools", "list"), "up.add")!["status"]!.GetValue<string>());

        // A changed upstream definition is blocked until its new hash is approved.
        upstream.Tools["add"] = UpstreamMcpServer.NewTool("add", "Adds two numbers, and more", """{"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}}}""");
        var synced = await cli.JsonAsync("mcp-servers", "sync", "up");
        Assert.Equal(["up.add"], synced["changed"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("blocked", Tool(await cli.JsonAsync("tools", "list"), "up.add")!["status"]!.GetValue<string>());
        var approved = await cli.JsonAsync("tools", "approve", "up.add");
        Assert.Equal(approved["definitionHash"]!.GetValue<string>(), approved["approvedHash"]!.GetValue<string>());
        Assert.Equal(0, (await cli.JsonAsync("tools", "metrics", "up.add"))["calls"]!.GetValue<int>());

        var definition = Path.Combine(files, "echo.json");
        File.WriteAllText(definition, """
            {"name":"echo","description":"Echoes a text","inputSchema":{"type":"object","properties":{"text":{"type":"string"}}},"http":{"method":"GET","urlTemplate":"http://127.0.0.1:9/echo?text={text}"}}
            """);
        Assert.Equal("approved", (await cli.JsonAsync("tools", "add", definition))["status"]!.GetValue<string>()); // its registrant reviewed it
        var yaml = await cli.RunAsync("tools", "list", "-o", "yaml");
        Assert.Equal(0, yaml.ExitCode);
        Assert.Contains($"- tenantId: {tenantId}", yaml.Out);
        Assert.Contains("  name: echo", yaml.Out);
        Assert.Contains("echo", (await cli.RunAsync("tools", "list")).Out);

        Assert.Equal("echo", (await cli.JsonAsync("tools", "remove", "echo"))["id"]!.GetValue<string>());
        Assert.Equal(ExitCodes.NotFound, (await cli.RunAsync("tools", "remove", "echo")).ExitCode);
        await cli.JsonAsync("mcp-servers", "remove", "up");
        Assert.Equal("[]", (await cli.JsonAsync("tools", "list")).ToJsonString());
    }
}
