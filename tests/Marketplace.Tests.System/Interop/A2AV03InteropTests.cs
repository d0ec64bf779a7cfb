using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Interop;

/// <summary>
/// A2A 0.3 and 1.0 in every client × agent combination through the gateway, with the a2a-js SDK at its 0.3 release
/// and at 1.x on both sides (tests/interop/a2a-v03.test.mjs): a 0.3 card listed by URL, blocking and streaming
/// sends, get, cancel, push configs and an unknown task.
/// </summary>
[Collection("platform")]
public sealed class A2AV03InteropTests(PlatformFixture platform)
{
    [Fact]
    public async Task Clients_and_agents_of_a2a_0_3_and_1_0_work_together_through_the_gateway()
    {
        var (_, publisherKey) = await platform.NewTenantAsync("publisher");
        var (_, callerKey) = await platform.NewTenantAsync("developer");
        var (exitCode, output) = await NodeTest.RunAsync("tests/interop/a2a-v03.test.mjs", new()
        {
            ["A2A_BASE"] = platform.BaseAddress.ToString().TrimEnd('/'),
            ["A2A_KEY"] = callerKey,
            ["A2A_PUBLISHER_KEY"] = publisherKey,
        });
        Assert.True(exitCode == 0, output + "\nPlatform warnings:\n" + string.Join('\n', platform.Logs.Lines.Where(l => l.StartsWith("Warning") || l.StartsWith("Error")).TakeLast(30)));
    }
}
