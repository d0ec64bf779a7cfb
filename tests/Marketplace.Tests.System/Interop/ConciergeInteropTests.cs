using System.Net;
using System.Net.Http.Json;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Interop;

/// <summary>
/// The concierge agent at the root agent card, driven by the npm @a2a-js/sdk client (tests/interop/a2a-concierge.test.mjs):
/// it finds a tenant's privately listed probe agent by a word of its name and delegates a request to it.
/// </summary>
[Collection("platform")]
public sealed class ConciergeInteropTests(PlatformFixture platform)
{
    [Fact]
    public async Task The_a2a_js_sdk_client_finds_and_delegates_through_the_concierge()
    {
        var marker = "zq" + Guid.NewGuid().ToString("N")[..8];
        await using var probe = await WorkflowAgent.StartAsync("Concierge Probe " + marker);
        var (_, keyA) = await platform.NewTenantAsync("owner");
        var (_, keyB) = await platform.NewTenantAsync("developer");
        using var owner = platform.Client(keyA);
        var listing = await ProblemAssert.ReadObject(await owner.PostAsJsonAsync("/api/agents", new { cardUrl = probe.CardUrl, visibility = "private" }), HttpStatusCode.Created);
        var (exitCode, output) = await NodeTest.RunAsync("tests/interop/a2a-concierge.test.mjs", new()
        {
            ["A2A_BASE"] = platform.BaseAddress.ToString().TrimEnd('/'),
            ["KEY_A"] = keyA,
            ["KEY_B"] = keyB,
            ["PROBE_ID"] = listing["agentId"]!.GetValue<string>(),
            ["MARKER"] = marker,
        });
        Assert.True(exitCode == 0, output);
        Assert.Contains("pass 4", output);
        Assert.Equal(1, probe.Count("echo", $"echo {marker} please"));
    }
}
