using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Mcp;

/// <summary>Credentials in tool and federated-server headers are secrets only; literal values are for editors' eyes.</summary>
[Collection("platform-tools")]
public sealed class ToolHeaderTests(PlatformFixture platform)
{
    static object HttpTool(string name, params object[] headers) => new
    {
        name,
        description = "Weather",
        inputSchema = new { type = "object" },
        http = new { method = "GET", urlTemplate = "https://tools.example.com/weather", headers },
    };

    [Theory]
    [InlineData("Authorization", "Bearer abc")]
    [InlineData("authorization", "Basic dTpw")]
    [InlineData("Cookie", "session=abc")]
    [InlineData("X-API-Key", "k-123")]
    [InlineData("x-api-key", "k-123")]
    [InlineData("Ocp-Apim-Subscription-Key", "k-123")]
    [InlineData("X-Session-Token", "t-123")]
    [InlineData("X_AUTH_TOKEN", "t-123")]
    [InlineData("X-Client-Secret", "s-123")]
    public async Task A_credential_header_with_a_literal_value_is_refused_with_its_path(string header, string value)
    {
        var (_, ownerKey) = await platform.NewTenantAsync("owner");
        using var owner = platform.Client(ownerKey);
        var response = await owner.PostAsJsonAsync("/api/tools", HttpTool("t-" + Guid.NewGuid().ToString("N")[..8],
            new { name = "X-Plain", value = "fine" }, new { name = header, value }));
        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest);
        Assert.Equal(["$.http.headers[1].value"], ProblemAssert.ErrorPaths(problem));
        Assert.DoesNotContain(value, problem.ToJsonString());
        Assert.Empty(await owner.GetFromJsonAsync<JsonArray>("/api/tools") ?? []);
    }

    [Fact]
    public async Task A_federated_server_with_a_literal_credential_header_is_refused_before_any_connection()
    {
        var (_, ownerKey) = await platform.NewTenantAsync("owner");
        using var owner = platform.Client(ownerKey);
        var response = await owner.PostAsJsonAsync("/api/mcp-servers", new
        {
            prefix = "up",
            url = "https://mcp.example.com/mcp",
            headers = new object[] { new { name = "Authorization", value = "Bearer abc" }, new { name = "X-Upstream-Token", value = "t" } },
        });
        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest);
        Assert.Equal(["$.headers[0].value", "$.headers[1].value"], ProblemAssert.ErrorPaths(problem));
        Assert.Empty(await owner.GetFromJsonAsync<JsonArray>("/api/mcp-servers") ?? []);
    }

    [Fact]
    public async Task Literal_header_values_are_shown_to_editors_and_redacted_for_other_roles()
    {
        var (tenantId, ownerKey) = await platform.NewTenantAsync("owner");
        platform.App.Configuration[$"ToolSecrets:{tenantId}:weather"] = "s3cret-weather-token";
        using var owner = platform.Client(ownerKey);
        await ProblemAssert.ReadObject(await owner.PostAsJsonAsync("/api/tools", HttpTool("weather",
            new { name = "Authorization", secret = "weather" }, new { name = "X-Region", value = "plain-region-eu" })), HttpStatusCode.Created);

        var asOwner = await owner.GetStringAsync("/api/tools/weather");
        Assert.Contains("plain-region-eu", asOwner);
        using var developer = platform.Client(await platform.NewKeyAsync(tenantId, "developer"));
        Assert.Contains("plain-region-eu", await developer.GetStringAsync("/api/tools"));

        foreach (var role in new[] { "reader", "publisher", "agent" })
        {
            using var client = platform.Client(await platform.NewKeyAsync(tenantId, role));
            var one = JsonNode.Parse(await client.GetStringAsync("/api/tools/weather"))!;
            var list = await client.GetStringAsync("/api/tools");
            Assert.DoesNotContain("plain-region-eu", list);
            Assert.DoesNotContain("s3cret", list);
            var headers = one["http"]!["headers"]!.AsArray();
            Assert.Equal("weather", headers[0]!["secret"]!.GetValue<string>());
            Assert.Null(headers[1]!["value"]);
            Assert.True(headers[1]!["redacted"]!.GetValue<bool>());
            Assert.Equal("X-Region", headers[1]!["name"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Federated_server_header_values_are_redacted_for_readers()
    {
        await using var upstream = await UpstreamMcpServer.StartAsync();
        var (tenantId, ownerKey) = await platform.NewTenantAsync("owner");
        platform.App.Configuration[$"ToolSecrets:{tenantId}:t"] = upstream.RequiredToken;
        using var owner = platform.Client(ownerKey);
        await ProblemAssert.ReadObject(await owner.PostAsJsonAsync("/api/mcp-servers", new
        {
            prefix = "up",
            url = upstream.Url.ToString(),
            headers = new object[] { new { name = UpstreamMcpServer.TokenHeader, secret = "t" }, new { name = "X-Region", value = "plain-region-eu" } },
        }), HttpStatusCode.Created);

        Assert.Contains("plain-region-eu", await owner.GetStringAsync("/api/mcp-servers/up"));
        using var reader = platform.Client(await platform.NewKeyAsync(tenantId, "reader"));
        Assert.DoesNotContain("plain-region-eu", await reader.GetStringAsync("/api/mcp-servers"));
        var headers = JsonNode.Parse(await reader.GetStringAsync("/api/mcp-servers/up"))!["headers"]!.AsArray();
        Assert.True(headers[1]!["redacted"]!.GetValue<bool>());
        Assert.Null(headers[1]!["value"]);
    }
}
