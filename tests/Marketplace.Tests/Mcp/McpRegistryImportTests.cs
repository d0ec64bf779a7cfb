using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using ModelContextProtocol.Protocol;
using Xunit;

namespace Marketplace.Tests.Mcp;

/// <summary>
/// Importing servers from another marketplace's MCP registry: a second standalone host (its own storage) lists its
/// hub; a tenant here federates it by name, with the pinning of any federated server. The fetch is SSRF-guarded.
/// </summary>
[Collection("platform-tools")]
public sealed class McpRegistryImportTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_tenant_imports_another_marketplaces_hub_by_name_and_calls_its_tools()
    {
        var (remoteApp, remoteBase) = await PlatformFixture.StartHostAsync(platform.Azurite.ConnectionString, "r" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            // A tenant of the other marketplace, whose key the importing tenant keeps as a secret.
            using var remoteAdmin = new HttpClient { BaseAddress = remoteBase };
            remoteAdmin.DefaultRequestHeaders.Add("X-API-Key", PlatformFixture.AdminKey);
            var remoteTenant = "t" + Guid.NewGuid().ToString("N")[..12];
            (await remoteAdmin.PostAsJsonAsync("/api/tenants", new { name = "Remote", plan = "pro", id = remoteTenant })).EnsureSuccessStatusCode();
            var remoteKey = (await ProblemAssert.ReadObject(await remoteAdmin.PostAsJsonAsync($"/api/tenants/{remoteTenant}/keys", new { role = "developer" }), HttpStatusCode.Created))["key"]!.GetValue<string>();

            var (tenantId, key) = await platform.NewTenantAsync("developer");
            platform.App.Configuration[$"ToolSecrets:{tenantId}:remote"] = remoteKey;
            using var client = platform.Client(key);
            var registryUrl = remoteBase.ToString().TrimEnd('/');

            // The remote hub asks for X-API-Key: an import without it is refused, and nothing is kept.
            var noHeader = await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/mcp-servers/import", new { registryUrl, names = new[] { "localhost/hub" } }), HttpStatusCode.BadRequest);
            Assert.Equal(["$.headers"], ProblemAssert.ErrorPaths(noHeader));
            Assert.Empty((await client.GetFromJsonAsync<JsonArray>("/api/mcp-servers"))!);

            var imported = await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/mcp-servers/import", new
            {
                registryUrl, names = new[] { "localhost/hub" }, headers = new[] { new { name = "X-API-Key", secret = "remote" } },
            }), HttpStatusCode.Created);
            var one = Assert.Single(imported["imported"]!.AsArray())!;
            Assert.Equal(("localhost/hub", "1.0.0", "hub", registryUrl + "/mcp"),
                (one["name"]!.GetValue<string>(), one["version"]!.GetValue<string>(), one["prefix"]!.GetValue<string>(), one["url"]!.GetValue<string>()));
            Assert.Contains("hub.marketplace.search", one["sync"]!["added"]!.AsArray().Select(n => n!.GetValue<string>()));
            var registration = await ProblemAssert.ReadObject(await client.GetAsync("/api/mcp-servers/hub"));
            Assert.Equal((registryUrl, "localhost/hub", "1.0.0"), (registration["importedFrom"]!["registryUrl"]!.GetValue<string>(),
                registration["importedFrom"]!["name"]!.GetValue<string>(), registration["serverVersion"]!.GetValue<string>()));
            // Imported tools are pinned like any federated tool's.
            var tool = await ProblemAssert.ReadObject(await client.GetAsync("/api/tools/hub.marketplace.get_run"));
            Assert.Equal("approved", tool["status"]!.GetValue<string>());

            // The tenant calls the other marketplace's tool through its own hub, with the other marketplace's key.
            await using var mcp = await McpClients.ConnectAsync(platform.BaseAddress, key);
            var result = await mcp.CallToolAsync("hub.marketplace.get_run", new Dictionary<string, object?> { ["runId"] = "run-none" });
            Assert.True(result.IsError);
            Assert.Equal("No run 'run-none'.", Assert.IsType<TextContentBlock>(result.Content[0]).Text);

            // Importing the same name again collides with the prefix and changes nothing.
            await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/mcp-servers/import", new
            {
                registryUrl, names = new[] { "localhost/hub" }, headers = new[] { new { name = "X-API-Key", secret = "remote" } },
            }), HttpStatusCode.Conflict);
            // A name the registry does not list: a 502 naming it, and nothing more registered.
            var missing = await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/mcp-servers/import", new
            {
                registryUrl, names = new[] { "localhost/other" }, headers = new[] { new { name = "X-API-Key", secret = "remote" } },
            }), HttpStatusCode.BadGateway);
            Assert.Contains("localhost/other", missing["detail"]!.GetValue<string>());
            Assert.Single((await client.GetFromJsonAsync<JsonArray>("/api/mcp-servers"))!);
        }
        finally
        {
            await remoteApp.StopAsync();
            await remoteApp.DisposeAsync();
        }
    }

    [Fact]
    public async Task Registry_urls_the_guard_refuses_and_bad_names_are_problems_and_nothing_is_fetched()
    {
        var (_, key) = await platform.NewTenantAsync("developer");
        using var client = platform.Client(key);
        foreach (var registryUrl in new[] { "http://10.0.0.5", "http://169.254.169.254/latest", "http://192.168.1.1:8080", "file:///etc/passwd", "https://user:pw@example.com" })
        {
            var refused = await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/mcp-servers/import", new { registryUrl, names = new[] { "com.example/weather" } }), HttpStatusCode.BadRequest);
            Assert.Equal(["$.registryUrl"], ProblemAssert.ErrorPaths(refused));
        }
        var badNames = await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/mcp-servers/import", new
        {
            registryUrl = "https://registry.example.com", names = new[] { "no-slash", "a/b/c", "com.example/marketplace", "x.y/dup", "z.w/dup" },
        }), HttpStatusCode.BadRequest);
        Assert.Equal(["$.names[0]", "$.names[1]", "$.names[2]", "$.names[4]"], ProblemAssert.ErrorPaths(badNames));
        var none = await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/mcp-servers/import", new { registryUrl = "https://registry.example.com", names = Array.Empty<string>() }), HttpStatusCode.BadRequest);
        Assert.Equal(["$.names"], ProblemAssert.ErrorPaths(none));
        using var reader = platform.Client(await platform.NewKeyAsync((await platform.NewTenantAsync("owner")).TenantId, "reader"));
        await ProblemAssert.IsProblem(await reader.PostAsJsonAsync("/api/mcp-servers/import", new { registryUrl = "https://registry.example.com", names = new[] { "com.example/weather" } }), HttpStatusCode.Forbidden);
        Assert.Empty((await client.GetFromJsonAsync<JsonArray>("/api/mcp-servers"))!);
    }
}
