using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Interop;

/// <summary>
/// The gateway driven by a client nobody here wrote: the npm @a2a-js/sdk, over both bindings, against the sample
/// agents, including push notifications verified with the published JWKS (tests/interop/a2a-gateway.test.mjs), and
/// beside an agent built on the a2a-js server.
/// </summary>
[Collection("platform")]
public sealed class A2AInteropTests(PlatformFixture platform, SampleAgentsFixture agents) : IClassFixture<SampleAgentsFixture>
{
    [Fact]
    public async Task The_a2a_js_sdk_client_passes_its_suite_against_the_gateway()
    {
        var (_, publisherKey) = await platform.NewTenantAsync("publisher");
        var (textAgent, converterAgent) = await agents.PublishAsync(platform.BaseAddress, publisherKey);
        var (_, callerKey) = await platform.NewTenantAsync("developer");
        var (exitCode, output) = await NodeTest.RunAsync("tests/interop/a2a-gateway.test.mjs", new()
        {
            ["A2A_BASE"] = platform.BaseAddress.ToString().TrimEnd('/'),
            ["A2A_KEY"] = callerKey,
            ["TEXT_AGENT_ID"] = textAgent,
            ["CONVERTER_AGENT_ID"] = converterAgent,
        });
        Assert.True(exitCode == 0, output + "\nPlatform warnings:\n" + string.Join('\n', platform.Logs.Lines.Where(l => l.StartsWith("Warning") || l.StartsWith("Error")).TakeLast(30)));
    }

    /// <summary>
    /// Specification requirements that an agent built on the a2a-js server meets directly must hold through the
    /// gateway too, on both bindings: idempotent push-config deletion, subscriptions that outlast input-required,
    /// and non-JSON bodies refused as unsupported content (tests/interop/a2a-conformance.test.mjs).
    /// </summary>
    [Fact]
    public async Task The_gateway_meets_what_an_a2a_js_agent_meets_directly()
    {
        var (_, publisherKey) = await platform.NewTenantAsync("publisher");
        var (_, callerKey) = await platform.NewTenantAsync("developer");
        var (exitCode, output) = await NodeTest.RunAsync("tests/interop/a2a-conformance.test.mjs", new()
        {
            ["A2A_BASE"] = platform.BaseAddress.ToString().TrimEnd('/'),
            ["A2A_KEY"] = callerKey,
            ["A2A_PUBLISHER_KEY"] = publisherKey,
        });
        Assert.True(exitCode == 0, output + "\nPlatform warnings:\n" + string.Join('\n', platform.Logs.Lines.Where(l => l.StartsWith("Warning") || l.StartsWith("Error")).TakeLast(30)));
    }
}
