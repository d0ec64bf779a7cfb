using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Interop;

/// <summary>The MCP hub driven by the npm @modelcontextprotocol/sdk client (tests/interop/mcp-hub.test.mjs).</summary>
[Collection("platform")]
public sealed class McpInteropTests(PlatformFixture platform)
{
    [Fact]
    public async Task The_mcp_sdk_client_lists_and_calls_tenant_tools()
    {
        await using var agent = await WorkflowAgent.StartAsync();
        var (_, keyA) = await platform.NewTenantAsync("owner");
        var (_, keyB) = await platform.NewTenantAsync("developer");
        var (exitCode, output) = await NodeTest.RunAsync("tests/interop/mcp-hub.test.mjs", new()
        {
            ["MCP_BASE"] = platform.BaseAddress.ToString().TrimEnd('/'),
            ["KEY_A"] = keyA,
            ["KEY_B"] = keyB,
            ["AGENT_CARD_URL"] = agent.CardUrl,
        });
        Assert.True(exitCode == 0, output + "\nPlatform warnings:\n" + string.Join('\n', platform.Logs.Lines.Where(l => l.StartsWith("Warning") || l.StartsWith("Error")).TakeLast(30)));
    }
}
