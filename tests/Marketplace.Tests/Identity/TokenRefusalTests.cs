using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;
using Xunit;

namespace Marketplace.Tests.Identity;

/// <summary>
/// Every token the marketplace must refuse is 401 with <c>error="invalid_token"</c> on REST, A2A and MCP alike; a
/// valid user who is not a member of the named tenant is 403, worded the same whether the tenant exists or not.
/// </summary>
[Collection("identity")]
public sealed class TokenRefusalTests(IdentityFixture identity)
{
    static string Unsigned(string issuer, string subject)
    {
        static string Segment(JsonObject o) => Convert.ToBase64String(Encoding.UTF8.GetBytes(o.ToJsonString())).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return Segment(new JsonObject { ["alg"] = "none", ["typ"] = "JWT" }) + "." +
            Segment(new JsonObject { ["iss"] = issuer, ["sub"] = subject, ["aud"] = IdentityFixture.Resource, ["iat"] = now, ["exp"] = now + 300 }) + ".";
    }

    [Fact]
    public async Task Tokens_from_another_issuer_for_another_audience_expired_unsigned_or_signed_with_an_unknown_key_are_refused_everywhere()
    {
        var tenantId = await identity.NewTenantAsync();
        await identity.AddMemberAsync(tenantId, "alice", "owner");
        // A second provider with the same signing keys: only its issuer differs, so the issuer check is what refuses.
        await using var other = await OidcProvider.StartAsync(IdentityFixture.Resource, sharedKeys: identity.Provider);
        using var unknownKey = RSA.Create(2048);
        var provider = identity.Provider;
        var cases = new (string Token, string Reason)[]
        {
            (await other.SignInAsync("alice"), "issuer"),
            (provider.Forge("alice", audience: "api://someone-else"), "audience"),
            (provider.Forge("alice", lifetime: TimeSpan.FromMinutes(-10)), "expired"),
            (Unsigned(provider.Issuer, "alice"), "signature"),
            (provider.Forge("alice", signWith: new RsaSecurityKey(unknownKey) { KeyId = "not-published" }), "key"),
        };
        foreach (var (token, reason) in cases)
        {
            using var client = identity.Client(token, tenantId);
            using var rest = await client.GetAsync($"/api/tenants/{tenantId}");
            var problem = await ProblemAssert.IsProblem(rest, HttpStatusCode.Unauthorized);
            Assert.Contains("error=\"invalid_token\"", rest.Headers.WwwAuthenticate.ToString());
            Assert.Contains(reason, problem["detail"]!.GetValue<string>());

            var (a2aStatus, a2a) = await SignInTests.A2AListTasksAsync(client, tenantId);
            Assert.True(a2aStatus == HttpStatusCode.Unauthorized, $"{reason}: A2A {a2aStatus} {a2a.ToJsonString()}");

            using var mcp = await client.SendAsync(McpToolsList());
            Assert.Equal(HttpStatusCode.Unauthorized, mcp.StatusCode);
            Assert.Contains("error=\"invalid_token\"", mcp.Headers.WwwAuthenticate.ToString());
        }
        // The same provider's genuine token works, so each refusal above is the one wrong part.
        using var genuine = identity.Client(provider.Forge("alice"), tenantId);
        Assert.Equal(HttpStatusCode.OK, (await genuine.GetAsync($"/api/tenants/{tenantId}")).StatusCode);
    }

    [Fact]
    public async Task A_valid_user_who_is_not_a_member_gets_403_and_learns_nothing_about_the_tenant()
    {
        var tenantId = await identity.NewTenantAsync();
        // Dave is a member nowhere: no other test adds him.
        var token = await identity.Provider.SignInAsync("dave");
        using var existing = identity.Client(token, tenantId);
        using var missing = identity.Client(token, "t-no-such-tenant");
        var a = await ProblemAssert.IsProblem(await existing.GetAsync($"/api/tenants/{tenantId}"), HttpStatusCode.Forbidden);
        var b = await ProblemAssert.IsProblem(await missing.GetAsync("/api/tenants/t-no-such-tenant"), HttpStatusCode.Forbidden);
        Assert.Equal(a["detail"]!.GetValue<string>().Replace(tenantId, "X"), b["detail"]!.GetValue<string>().Replace("t-no-such-tenant", "X"));
        Assert.Equal(HttpStatusCode.Forbidden, (await SignInTests.A2AListTasksAsync(existing, tenantId)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await existing.SendAsync(McpToolsList())).StatusCode);

        // Without X-Tenant and no membership: signed in, but no tenant to act for.
        using var noTenant = identity.Client(token);
        var me = await ProblemAssert.ReadObject(await noTenant.GetAsync("/api/me"), HttpStatusCode.OK);
        Assert.Null(me["currentTenant"]);
        await ProblemAssert.IsProblem(await noTenant.GetAsync("/api/workflows"), HttpStatusCode.Forbidden);
    }

    internal static HttpRequestMessage McpToolsList()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", "2025-11-25");
        return request;
    }
}
