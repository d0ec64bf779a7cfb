using System.Net.Http.Json;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Console;

/// <summary>
/// Signing in to the published console with the real local OpenID provider, in Debian's chromium: authorization code
/// with PKCE through the provider's login form, the header's user, tenant and role, a call to an agent and the audit
/// and members pages with the access token, a silent sign-in after a reload, the tenant picker, sign-out at the
/// provider, and a billing member who cannot call agents (tests/console/console.signin.e2e.test.mjs).
/// </summary>
[Collection(ConsoleEndToEndCollection.Name)]
public sealed class ConsoleSignInEndToEndTests(IsolatedPlatformFixture platform, SampleAgentsFixture agents, Xunit.Abstractions.ITestOutputHelper output)
    : IClassFixture<SampleAgentsFixture>
{
    [Fact]
    public async Task A_user_signs_in_at_the_provider_calls_an_agent_reads_the_audit_log_and_signs_out_in_the_browser()
    {
        var root = await PublishedConsole.EnsureAsync();
        var port = NodeTools.GetFreeTcpPort();
        var origin = $"http://127.0.0.1:{port}";
        await using var provider = await OidcProvider.StartAsync(origin, consoleOrigin: origin);
        var (app, baseAddress) = await PlatformFixture.StartHostOnAsync(port, platform.Azurite.ConnectionString, platform.StoragePrefix, null, PlatformFixture.RequestsOnly,
            $"--Console:Root={root}", $"--Identity:Issuer={provider.Issuer}", $"--Identity:Audience={origin}",
            $"--Identity:ConsoleClientId={OidcProvider.ConsoleClientId}", $"--Identity:ConsoleResource={origin}");
        try
        {
            var (_, publisherKey) = await platform.NewTenantAsync("publisher");
            var (textAgent, _) = await agents.PublishAsync(platform.BaseAddress, publisherKey);
            var (tenant, _) = await platform.NewTenantAsync();
            var (second, _) = await platform.NewTenantAsync();
            using (var admin = new HttpClient { BaseAddress = baseAddress })
            {
                admin.DefaultRequestHeaders.Add("X-API-Key", PlatformFixture.AdminKey);
                (await admin.PostAsJsonAsync($"/api/admin/tenants/{tenant}/credits", new { amount = 5_000_000 })).EnsureSuccessStatusCode();
                // alice's oldest membership is the one the console opens with; the second tenant is for the picker.
                foreach (var (id, subject, role) in new[] { (tenant, "alice", "owner"), (tenant, "bob", "reader"), (second, "alice", "developer") })
                    (await admin.PostAsJsonAsync($"/api/tenants/{id}/members", new { issuer = provider.Issuer, subject, role, displayName = subject + " Test" })).EnsureSuccessStatusCode();
            }
            var (exitCode, log) = await NodeTest.RunAsync("tests/console/console.signin.e2e.test.mjs", new()
            {
                ["CONSOLE_BASE"] = origin,
                ["TENANT"] = tenant,
                ["SECOND_TENANT"] = second,
                ["TEXT_AGENT_ID"] = textAgent,
                ["ALICE_PASSWORD"] = OidcProvider.Users.Single(u => u.Name == "alice").Password,
                ["BOB_PASSWORD"] = OidcProvider.Users.Single(u => u.Name == "bob").Password,
                ["SCREENSHOTS"] = Path.Combine(NodeTools.RepoRoot, "TestResults", "console"),
            });
            output.WriteLine(log);
            Assert.True(exitCode == 0, log);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
