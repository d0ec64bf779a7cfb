using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Mcp;

/// <summary>The MCP endpoint's own checks and the tool registry's validation, over raw HTTP.</summary>
[Collection("platform-tools")]
public sealed class McpHubTests(PlatformFixture platform)
{
    static HttpRequestMessage ToolsList(string? host = null, string? origin = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        if (host is not null) request.Headers.Host = host;
        if (origin is not null) request.Headers.TryAddWithoutValidation("Origin", origin);
        return request;
    }

    [Fact]
    public async Task A_rebinding_host_or_foreign_origin_is_403_and_no_key_is_401()
    {
        var (_, key) = await platform.NewTenantAsync("developer");
        using var client = platform.Client(key);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(ToolsList(host: "attacker.example"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(ToolsList(origin: "https://attacker.example"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(ToolsList(origin: platform.BaseAddress.ToString().TrimEnd('/')))).StatusCode);
        using var anonymous = platform.Client();
        var refused = await anonymous.SendAsync(ToolsList());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(-32600, JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Tool_registration_reports_every_problem_and_refuses_inside_urls()
    {
        var (_, key) = await platform.NewTenantAsync("developer");
        using var client = platform.Client(key);
        var problem = await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/tools", new
        {
            name = "has spaces",
            description = "",
            inputSchema = new { type = "string" },
            http = new { method = "PATCH", urlTemplate = "http://169.254.169.254/{path}" },
        }), HttpStatusCode.BadRequest);
        Assert.Equal(["$.name", "$.description", "$.inputSchema", "$.http.method", "$.http.urlTemplate"], ProblemAssert.ErrorPaths(problem));
        var listed = await client.GetFromJsonAsync<JsonArray>("/api/tools");
        Assert.Empty(listed!);
    }

    [Fact]
    public async Task Tool_names_are_unique_per_tenant_and_readers_cannot_register()
    {
        var (tenantId, key) = await platform.NewTenantAsync("developer");
        using var client = platform.Client(key);
        var tool = new { name = "lookup", description = "Looks up", inputSchema = new { type = "object" }, http = new { method = "GET", urlTemplate = "https://api.example.com/{q}" } };
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/tools", tool)).StatusCode);
        await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/tools", tool), HttpStatusCode.Conflict);
        using var reader = platform.Client(await platform.NewKeyAsync(tenantId, "reader"));
        await ProblemAssert.IsProblem(await reader.PostAsJsonAsync("/api/tools", tool with { name = "other" }), HttpStatusCode.Forbidden);
        Assert.Single((await reader.GetFromJsonAsync<JsonArray>("/api/tools"))!);
        var (_, otherKey) = await platform.NewTenantAsync("developer");
        using var other = platform.Client(otherKey);
        await ProblemAssert.IsProblem(await other.GetAsync("/api/tools/lookup"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Created, (await other.PostAsJsonAsync("/api/tools", tool)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/api/tools/lookup")).StatusCode);
        await ProblemAssert.IsProblem(await client.DeleteAsync("/api/tools/lookup"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Oversized_or_malformed_protocol_requests_get_clean_errors_never_a_500()
    {
        var (_, key) = await platform.NewTenantAsync("developer");
        using var client = platform.Client(key);
        var huge = ToolsList();
        huge.Content = new StringContent("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"x\":\"" + new string('a', 2 * 1024 * 1024) + "\"}}", Encoding.UTF8, "application/json");
        huge.Headers.ExpectContinue = true; // refused by Content-Length, unread: ask before sending, as large uploads should
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await client.SendAsync(huge)).StatusCode);

        var malformed = ToolsList();
        malformed.Content = new StringContent("{\"jsonrpc\":", Encoding.UTF8, "application/json");
        var response = await client.SendAsync(malformed);
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{response.StatusCode}");
        Assert.Equal(-32700, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<int>());
    }
}
