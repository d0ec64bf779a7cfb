using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.IdentityModel.Tokens;
using Xunit;
using static Marketplace.Tests.Mcp.McpToolNames;

namespace Marketplace.Tests.Mcp;

/// <summary>
/// OAuth 2.1 resource-server mode: a second host on the platform's storage, configured with a test authorization
/// server, accepts its access tokens (issuer, audience = canonical MCP URL, expiry checked) beside API keys; the
/// tenant and role come from the subject's membership.
/// </summary>
[Collection("platform-tools")]
public sealed class OAuthResourceServerTests(PlatformFixture platform) : IAsyncLifetime
{
    TestIssuer issuer = null!;
    WebApplication host = null!;
    Uri baseAddress = null!;
    string Audience => new Uri(baseAddress, "/mcp").ToString();

    public async Task InitializeAsync()
    {
        issuer = await TestIssuer.StartAsync();
        (host, baseAddress) = await PlatformFixture.StartHostAsync(platform.Azurite.ConnectionString, platform.StoragePrefix, null, PlatformFixture.RequestsOnly, $"--Identity:Issuer={issuer.Issuer}");
    }

    public async Task DisposeAsync()
    {
        await host.StopAsync();
        await host.DisposeAsync();
        await issuer.DisposeAsync();
    }

    static HttpRequestMessage ToolsList(string? bearer)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", "2025-11-25");
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return request;
    }

    async Task<(HttpStatusCode Status, string? Challenge, string Body)> SendAsync(string? bearer)
    {
        using var client = new HttpClient { BaseAddress = baseAddress };
        using var response = await client.SendAsync(ToolsList(bearer));
        return (response.StatusCode, response.Headers.WwwAuthenticate.ToString(), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metadata_names_the_canonical_resource_and_the_authorization_server()
    {
        using var client = new HttpClient { BaseAddress = baseAddress };
        foreach (var path in new[] { "/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource" })
        {
            var metadata = await ProblemAssert.ReadObject(await client.GetAsync(path));
            Assert.Equal(path.EndsWith("/mcp") ? Audience : baseAddress.ToString().TrimEnd('/'), metadata["resource"]!.GetValue<string>());
            Assert.Equal([issuer.Issuer], metadata["authorization_servers"]!.AsArray().Select(s => s!.GetValue<string>()));
        }
        var (status, challenge, _) = await SendAsync(null);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains($"resource_metadata=\"{new Uri(baseAddress, "/.well-known/oauth-protected-resource/mcp")}\"", challenge);

        // Without an issuer there is no metadata to offer.
        using var plain = platform.Client();
        await ProblemAssert.IsProblem(await plain.GetAsync("/.well-known/oauth-protected-resource/mcp"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_valid_token_acts_for_its_tenant_and_never_travels_upstream()
    {
        await using var upstream = await UpstreamMcpServer.StartAsync();
        var (tenantId, key) = await platform.NewTenantAsync("developer");
        platform.App.Configuration[$"ToolSecrets:{tenantId}:t"] = upstream.RequiredToken;
        host.Configuration[$"ToolSecrets:{tenantId}:t"] = upstream.RequiredToken;
        using var keyed = platform.Client(key);
        await ProblemAssert.ReadObject(await keyed.PostAsJsonAsync("/api/mcp-servers", new
        {
            prefix = "up",
            url = upstream.Url.ToString(),
            headers = new[] { new { name = UpstreamMcpServer.TokenHeader, secret = "t" } },
        }), HttpStatusCode.Created);

        // The token's tenant and role claims count for nothing: the membership gives both.
        await platform.AddMemberAsync(tenantId, issuer.Issuer, "alice", "developer");
        var token = issuer.Token(Audience, "some-other-tenant", subject: "alice", role: "owner");
        await using var mcp = await McpClients.ConnectAsync(baseAddress, token, asBearer: true);
        Assert.Equal(["up.add", "up.shout"], TenantTools((await mcp.ListToolsAsync()).Select(t => t.Name)));
        Assert.NotEqual(true, (await mcp.CallToolAsync("up.shout", new Dictionary<string, object?> { ["text"] = "hi" })).IsError);
        Assert.DoesNotContain(upstream.ReceivedHeaders, h => h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || h.Value.Contains(token));

        // Keys keep working beside tokens.
        await using var byKey = await McpClients.ConnectAsync(baseAddress, key);
        Assert.Equal(2, TenantTools((await byKey.ListToolsAsync()).Select(t => t.Name)).Count());
    }

    [Fact]
    public async Task Expired_foreign_or_misaddressed_tokens_are_401_with_the_reason()
    {
        var (tenantId, _) = await platform.NewTenantAsync("developer");
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var cases = new (string Token, string Reason)[]
        {
            (issuer.Token(Audience, tenantId, lifetime: TimeSpan.FromMinutes(-10)), "expired"),
            (issuer.Token("https://other.example/mcp", tenantId), "audience"),
            (issuer.Token(Audience, tenantId, issuer: "https://evil.example"), "issuer"),
            (issuer.Token(Audience, tenantId, signWith: new ECDsaSecurityKey(otherKey) { KeyId = "test-key-1" }), "signature"),
            ("not.a.jwt", "malformed"),
        };
        foreach (var (token, reason) in cases)
        {
            var (status, challenge, body) = await SendAsync(token);
            Assert.True(status == HttpStatusCode.Unauthorized, $"{reason}: {status} {body}");
            Assert.Contains("error=\"invalid_token\"", challenge);
            Assert.Contains(reason, JsonNode.Parse(body)!["error"]!["message"]!.GetValue<string>());
        }
        // A valid token of someone who belongs to no tenant is not a credential problem: 403, not 401.
        var (outsider, outsiderChallenge, _) = await SendAsync(issuer.Token(Audience, tenantId, subject: "nobody"));
        Assert.Equal(HttpStatusCode.Forbidden, outsider);
        Assert.DoesNotContain("invalid_token", outsiderChallenge);
    }
}
