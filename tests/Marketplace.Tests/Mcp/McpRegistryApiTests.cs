using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Mcp;

/// <summary>
/// The MCP Registry API v0.1 read side, checked against the rules of the published API and server.json schema: the
/// hub to everyone, a tenant's federated servers to its own keys only, paging and filters, problems for bad queries.
/// </summary>
[Collection("platform-tools")]
public sealed partial class McpRegistryApiTests(PlatformFixture platform) : IAsyncLifetime
{
    UpstreamMcpServer upstream = null!;

    public async Task InitializeAsync() => upstream = await UpstreamMcpServer.StartAsync();

    public async Task DisposeAsync() => await upstream.DisposeAsync();

    [Fact]
    public async Task Anyone_sees_the_hub_as_a_streamable_http_remote_in_the_registry_shapes()
    {
        using var anonymous = platform.Client();
        var list = await ProblemAssert.ReadObject(await anonymous.GetAsync("/v0.1/servers"));
        var servers = list["servers"]!.AsArray();
        Assert.Equal(1, list["metadata"]!["count"]!.GetValue<int>());
        Assert.Null(list["metadata"]!["nextCursor"]);
        var hub = Assert.Single(servers)!;
        AssertServerResponse(hub);
        var server = hub["server"]!;
        Assert.Equal(("localhost/hub", "1.0.0"), (server["name"]!.GetValue<string>(), server["version"]!.GetValue<string>()));
        var remote = Assert.Single(server["remotes"]!.AsArray())!;
        Assert.Equal(("streamable-http", platform.BaseAddress.ToString().TrimEnd('/') + "/mcp"), (remote["type"]!.GetValue<string>(), remote["url"]!.GetValue<string>()));
        var header = Assert.Single(remote["headers"]!.AsArray())!;
        Assert.Equal(("X-API-Key", true, true), (header["name"]!.GetValue<string>(), header["isRequired"]!.GetValue<bool>(), header["isSecret"]!.GetValue<bool>()));
        Assert.Null(header["value"]);

        // One version, reachable by its number and as latest, the name URL-encoded as the API asks.
        var versions = await ProblemAssert.ReadObject(await anonymous.GetAsync("/v0.1/servers/localhost%2Fhub/versions"));
        Assert.Equal("1.0.0", Assert.Single(versions["servers"]!.AsArray())!["server"]!["version"]!.GetValue<string>());
        foreach (var version in new[] { "latest", "1.0.0" })
            Assert.Equal("localhost/hub", (await ProblemAssert.ReadObject(await anonymous.GetAsync($"/v0.1/servers/localhost%2Fhub/versions/{version}")))["server"]!["name"]!.GetValue<string>());
        await ProblemAssert.IsProblem(await anonymous.GetAsync("/v0.1/servers/localhost%2Fhub/versions/0.9.0"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await anonymous.GetAsync("/v0.1/servers/localhost%2Fnothing/versions"), HttpStatusCode.NotFound);
        // The hub's MCP serverInfo carries the same version.
        await using var mcp = await McpClients.ConnectAsync(platform.BaseAddress, (await platform.NewTenantAsync("reader")).Key);
        Assert.Equal("1.0.0", mcp.ServerInfo?.Version);
    }

    [Fact]
    public async Task A_tenants_federated_servers_are_listed_to_its_own_keys_only()
    {
        var (tenantId, ownerKey) = await platform.NewTenantAsync("owner");
        platform.App.Configuration[$"ToolSecrets:{tenantId}:t"] = upstream.RequiredToken;
        using var owner = platform.Client(ownerKey);
        await ProblemAssert.ReadObject(await owner.PostAsJsonAsync("/api/mcp-servers", new
        {
            prefix = "up", url = upstream.Url.ToString(), headers = new[] { new { name = UpstreamMcpServer.TokenHeader, secret = "t" } },
        }), HttpStatusCode.Created);
        var name = $"localhost/{tenantId}.up";
        using var reader = platform.Client(await platform.NewKeyAsync(tenantId, "reader"));

        var listed = await ProblemAssert.ReadObject(await reader.GetAsync("/v0.1/servers"));
        Assert.Equal(["localhost/hub", name], listed["servers"]!.AsArray().Select(s => s!["server"]!["name"]!.GetValue<string>()));
        var federated = listed["servers"]![1]!;
        AssertServerResponse(federated);
        // Its version is the one the upstream reported; its remote is the upstream, with the header it needs and no value.
        Assert.Equal("1.0", federated["server"]!["version"]!.GetValue<string>());
        var remote = federated["server"]!["remotes"]![0]!;
        Assert.Equal(upstream.Url.ToString(), remote["url"]!.GetValue<string>());
        Assert.Equal((UpstreamMcpServer.TokenHeader, true), (remote["headers"]![0]!["name"]!.GetValue<string>(), remote["headers"]![0]!["isSecret"]!.GetValue<bool>()));
        Assert.DoesNotContain(upstream.RequiredToken, listed.ToJsonString());
        Assert.DoesNotContain("\"t\"", remote.ToJsonString());
        var encoded = Uri.EscapeDataString(name);
        Assert.Equal(name, (await ProblemAssert.ReadObject(await reader.GetAsync($"/v0.1/servers/{encoded}/versions/latest")))["server"]!["name"]!.GetValue<string>());

        // Another tenant and anonymous callers neither list nor read it.
        var (_, otherKey) = await platform.NewTenantAsync("owner");
        using var other = platform.Client(otherKey);
        using var anonymous = platform.Client();
        foreach (var client in new[] { other, anonymous })
        {
            var theirs = await ProblemAssert.ReadObject(await client.GetAsync("/v0.1/servers"));
            Assert.DoesNotContain(theirs["servers"]!.AsArray(), s => s!["server"]!["name"]!.GetValue<string>() == name);
            await ProblemAssert.IsProblem(await client.GetAsync($"/v0.1/servers/{encoded}/versions"), HttpStatusCode.NotFound);
            await ProblemAssert.IsProblem(await client.GetAsync($"/v0.1/servers/{encoded}/versions/latest"), HttpStatusCode.NotFound);
        }
        using var badKey = platform.Client("mk.nobody.nothing");
        await ProblemAssert.IsProblem(await badKey.GetAsync("/v0.1/servers"), HttpStatusCode.Unauthorized);

        // Paging walks both in name order; the filters narrow.
        var first = await ProblemAssert.ReadObject(await reader.GetAsync("/v0.1/servers?limit=1"));
        Assert.Equal(1, first["metadata"]!["count"]!.GetValue<int>());
        var cursor = first["metadata"]!["nextCursor"]!.GetValue<string>();
        var second = await ProblemAssert.ReadObject(await reader.GetAsync($"/v0.1/servers?limit=1&cursor={Uri.EscapeDataString(cursor)}"));
        Assert.Equal(name, second["servers"]![0]!["server"]!["name"]!.GetValue<string>());
        Assert.Null(second["metadata"]!["nextCursor"]);
        Assert.Equal([name], await Names(reader, "?search=" + tenantId[..6].ToUpperInvariant()));
        Assert.Equal(2, (await Names(reader, "?version=latest")).Count);
        Assert.Equal([name], await Names(reader, "?version=1.0"));
        Assert.Empty(await Names(reader, "?updated_since=" + Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(5).ToString("O"))));
        Assert.Contains(name, await Names(reader, "?updated_since=" + Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O"))));
        Assert.Equal(2, (await Names(reader, "?include_deleted=false")).Count);
    }

    [Fact]
    public async Task Its_answers_validate_against_a_schema_of_the_registry_api_with_ajv()
    {
        var (tenantId, ownerKey) = await platform.NewTenantAsync("owner");
        platform.App.Configuration[$"ToolSecrets:{tenantId}:t"] = upstream.RequiredToken;
        using var owner = platform.Client(ownerKey);
        await ProblemAssert.ReadObject(await owner.PostAsJsonAsync("/api/mcp-servers", new
        {
            prefix = "up", url = upstream.Url.ToString(), headers = new[] { new { name = UpstreamMcpServer.TokenHeader, secret = "t" } },
        }), HttpStatusCode.Created);
        var (exitCode, output) = await NodeTest.RunAsync("tests/interop/mcp-registry.test.mjs", new()
        {
            ["REGISTRY_BASE"] = platform.BaseAddress.ToString().TrimEnd('/'),
            ["KEY"] = ownerKey,
            ["SERVER_NAME"] = $"localhost/{tenantId}.up",
        });
        Assert.True(exitCode == 0, output);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("cursor=%25%25%25", "cursor")]
    [InlineData("updated_since=yesterday", "updated_since")]
    [InlineData("include_deleted=maybe", "include_deleted")]
    public async Task Bad_queries_are_problems_naming_the_parameter(string query, string parameter)
    {
        using var anonymous = platform.Client();
        var problem = await ProblemAssert.IsProblem(await anonymous.GetAsync("/v0.1/servers?" + query), HttpStatusCode.BadRequest);
        Assert.Equal([parameter], ProblemAssert.ErrorPaths(problem));
    }

    static async Task<List<string>> Names(HttpClient client, string query) =>
        (await ProblemAssert.ReadObject(await client.GetAsync("/v0.1/servers" + query)))["servers"]!.AsArray().Select(s => s!["server"]!["name"]!.GetValue<string>()).ToList();

    /// <summary>The ServerResponse rules of the Registry API and the server.json schema, as their text states them.</summary>
    static void AssertServerResponse(JsonNode response)
    {
        var server = response["server"]!;
        var name = server["name"]!.GetValue<string>();
        Assert.Matches(ServerName(), name);
        Assert.InRange(name.Length, 3, 200);
        var description = server["description"]!.GetValue<string>();
        Assert.InRange(description.Length, 1, 100);
        var version = server["version"]!.GetValue<string>();
        Assert.InRange(version.Length, 1, 255);
        Assert.NotEqual("latest", version);
        Assert.DoesNotMatch(VersionRange(), version);
        foreach (var remote in server["remotes"]!.AsArray())
        {
            Assert.Contains(remote!["type"]!.GetValue<string>(), new[] { "streamable-http", "sse" });
            Assert.Matches(RemoteUrl(), remote["url"]!.GetValue<string>());
        }
        var official = response["_meta"]!["io.modelcontextprotocol.registry/official"]!.AsObject();
        Assert.Contains(official["status"]!.GetValue<string>(), new[] { "active", "deprecated", "deleted" });
        Assert.True(DateTimeOffset.TryParse(official["publishedAt"]!.GetValue<string>(), out var published));
        Assert.True(DateTimeOffset.TryParse(official["updatedAt"]!.GetValue<string>(), out var updated) && updated >= published);
        Assert.True(official["isLatest"]!.GetValue<bool>());
        // The official block allows no other members.
        Assert.Empty(official.Select(p => p.Key).Except(["status", "statusMessage", "statusChangedAt", "publishedAt", "updatedAt", "isLatest"]));
    }

    [GeneratedRegex("^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$")]
    private static partial Regex ServerName();

    [GeneratedRegex(@"^[\^~><=]|\.[x*]$|\s")]
    private static partial Regex VersionRange();

    [GeneratedRegex(@"^https?://[^\s]+$")]
    private static partial Regex RemoteUrl();
}
