using System.Net.Http.Json;
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
public sealed class ConsoleEndToEndTests(IsolatedPlatformFixture platform, SampleAgentsFixture agents, Xunit.Abstractions.ITestOutputHelper output)
    : IClassFixture<SampleAgentsFixture>
{
    [Fact]
    public async Task A_tenant_signs_in_finds_an_agent_and_sees_its_streamed_answer_in_the_browser()
    {
        var root = await PublishedConsole.EnsureAsync();
        // Its own storage prefix: the admin page shows the events this host's relay handled, and a second host on the
        // same queues would take some of them.
        var (app, baseAddress) = await PlatformFixture.StartHostAsync(platform.Azurite.ConnectionString, platform.StoragePrefix + "c", null, $"--Console:Root={root}");
        try
        {
            using var admin = new HttpClient { BaseAddress = baseAddress };
            admin.DefaultRequestHeaders.Add("X-API-Key", PlatformFixture.AdminKey);
            var (_, publisherKey) = await NewTenantAsync(admin, "publisher");
            var (textAgent, _) = await agents.PublishAsync(baseAddress, publisherKey);
            await PriceAsync(baseAddress, textAgent, publisherKey, perCall: 1000);
            var (ownerTenant, ownerKey) = await NewTenantAsync(admin, "owner");
            (await admin.PostAsJsonAsync($"/api/admin/tenants/{ownerTenant}/credits", new { amount = 5_000_000 })).EnsureSuccessStatusCode();
            var screenshots = Path.Combine(NodeTools.RepoRoot, "TestResults", "console");
            var (exitCode, log) = await NodeTest.RunAsync("tests/console/console.e2e.test.mjs", new()
            {
                ["CONSOLE_BASE"] = baseAddress.ToString().TrimEnd('/'),
                ["CONSOLE_KEY"] = ownerKey,
                ["TEXT_AGENT_ID"] = textAgent,
                ["SCREENSHOTS"] = screenshots,
                ["ADMIN_KEY"] = PlatformFixture.AdminKey,
            });
            // The browser run's log (with the measured first-load size) is kept with the test's result, passed or not.
            output.WriteLine(log);
            Assert.True(exitCode == 0, log);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>Puts a price on a listing, so the browser's call to it is billed and shows in usage.</summary>
    static async Task<(string TenantId, string Key)> NewTenantAsync(HttpClient admin, string role)
    {
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..12];
        (await admin.PostAsJsonAsync("/api/tenants", new { name = "Test " + tenantId, plan = "pro", id = tenantId })).EnsureSuccessStatusCode();
        var created = await (await admin.PostAsJsonAsync($"/api/tenants/{tenantId}/keys", new { role })).Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>();
        return (tenantId, created!["key"]!.GetValue<string>());
    }

    static async Task PriceAsync(Uri host, string agentId, string publisherKey, long perCall)
    {
        using var client = new HttpClient { BaseAddress = host };
        client.DefaultRequestHeaders.Add("X-API-Key", publisherKey);
        var current = await client.GetAsync($"/api/agents/{Uri.EscapeDataString(agentId)}");
        current.EnsureSuccessStatusCode();
        using var update = new HttpRequestMessage(HttpMethod.Put, $"/api/agents/{Uri.EscapeDataString(agentId)}") { Content = JsonContent.Create(new { pricing = new { perCall } }) };
        update.Headers.IfMatch.Add(current.Headers.ETag!);
        (await client.SendAsync(update)).EnsureSuccessStatusCode();
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleEndToEndCollection : ICollectionFixture<IsolatedPlatformFixture>
{
    public const string Name = "console-e2e";
}
