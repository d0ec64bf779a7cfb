using Marketplace.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Xunit;

namespace Marketplace.Tests.Console;

/// <summary>
/// The published console in Debian's chromium against a real standalone host on Azurite with the sample agents:
/// sign in, search, open an agent, stream a message, billing, phone width; axe on every page; screenshots saved to
/// TestResults/console (tests/console/console.e2e.test.mjs). It has a platform of its own, so its searches see its
/// own listings and not the many public Text Analysts other tests publish.
/// </summary>
[Collection(ConsoleEndToEndCollection.Name)]
public sealed class ConsoleEndToEndTests(PlatformFixture platform, SampleAgentsFixture agents) : IClassFixture<SampleAgentsFixture>
{
    [Fact]
    public async Task A_tenant_signs_in_finds_an_agent_and_sees_its_streamed_answer_in_the_browser()
    {
        var root = await PublishedConsole.EnsureAsync();
        var (app, baseAddress) = await PlatformFixture.StartHostAsync(platform.Azurite.ConnectionString, platform.StoragePrefix, null, $"--Console:Root={root}");
        try
        {
            var (_, publisherKey) = await platform.NewTenantAsync("publisher");
            var (textAgent, _) = await agents.PublishAsync(platform.BaseAddress, publisherKey);
            var (_, ownerKey) = await platform.NewTenantAsync("owner");
            var screenshots = Path.Combine(NodeTools.RepoRoot, "TestResults", "console");
            var (exitCode, output) = await NodeTest.RunAsync("tests/console/console.e2e.test.mjs", new()
            {
                ["CONSOLE_BASE"] = baseAddress.ToString().TrimEnd('/'),
                ["CONSOLE_KEY"] = ownerKey,
                ["TEXT_AGENT_ID"] = textAgent,
                ["SCREENSHOTS"] = screenshots,
            });
            Assert.True(exitCode == 0, output);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleEndToEndCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "console-e2e";
}
