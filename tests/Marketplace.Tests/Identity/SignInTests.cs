using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Identity;

/// <summary>
/// Tokens from the real local OpenID provider on every API: the demo service's client-credentials token on REST,
/// A2A and MCP; a user's authorization-code sign-in with PKCE; tenant and role from memberships only.
/// </summary>
[Collection("identity")]
public sealed class SignInTests(IdentityFixture identity)
{
    internal static async Task<(HttpStatusCode Status, JsonNode Body)> A2AListTasksAsync(HttpClient client, string tenantId)
    {
        var body = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = "1", ["method"] = "ListTasks", ["params"] = new JsonObject() };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/a2a/workflows/{tenantId}") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Add("A2A-Version", "1.0");
        using var response = await client.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    internal static object Tool(string name) => new
    {
        name, description = "A tool", inputSchema = new { type = "object" }, http = new { method = "POST", urlTemplate = "http://127.0.0.1:9/" + name },
    };

    [Fact]
    public async Task The_demo_service_calls_rest_a2a_and_mcp_with_its_client_credentials_token()
    {
        var tenantId = await identity.NewTenantAsync();
        var serviceId = await identity.AddMemberAsync(tenantId, OidcProvider.ServiceClientId, "developer", kind: "service");
        var token = await identity.Provider.ServiceTokenAsync();

        using var client = identity.Client(token);
        var me = await ProblemAssert.ReadObject(await client.GetAsync("/api/me"), HttpStatusCode.OK);
        Assert.Equal((serviceId, "service", tenantId, "developer"),
            (me["userId"]!.GetValue<string>(), me["kind"]!.GetValue<string>(), me["currentTenant"]!.GetValue<string>(), me["currentRole"]!.GetValue<string>()));

        // REST: a developer's operation, in the member's tenant.
        var created = await client.PostAsJsonAsync("/api/tools", Tool("by-token"));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

        // A2A: the tenant's orchestrator agent answers the token's caller; without a credential it is 401.
        var (status, rpc) = await A2AListTasksAsync(client, tenantId);
        Assert.True(status == HttpStatusCode.OK && rpc["result"] is not null, rpc.ToJsonString());
        using var anonymous = identity.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await A2AListTasksAsync(anonymous, tenantId)).Status);

        // MCP: the official SDK's client with the token as bearer sees the tenant's hub.
        await using var mcp = await McpClients.ConnectAsync(identity.BaseAddress, token, asBearer: true);
        Assert.Contains("marketplace.search", (await mcp.ListToolsAsync()).Select(t => t.Name));
    }

    [Fact]
    public async Task A_user_signs_in_with_the_code_flow_and_pkce_and_acts_with_the_membership_role()
    {
        var tenantId = await identity.NewTenantAsync();
        var aliceId = await identity.AddMemberAsync(tenantId, "alice", "owner");
        var token = await identity.Provider.SignInAsync("alice");

        using var alice = identity.Client(token, tenantId);
        var me = await ProblemAssert.ReadObject(await alice.GetAsync("/api/me"), HttpStatusCode.OK);
        Assert.Equal(aliceId, me["userId"]!.GetValue<string>());
        Assert.Equal("alice@test.example", me["email"]!.GetValue<string>());
        Assert.Equal("owner", me["currentRole"]!.GetValue<string>());
        Assert.Contains(me["memberships"]!.AsArray(), m => m!["tenantId"]!.GetValue<string>() == tenantId);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"/api/tenants/{tenantId}/keys")).StatusCode);

        // A wrong password gets no code.
        await Assert.ThrowsAsync<InvalidOperationException>(() => identity.Provider.SignInAsync("alice", "not-the-password"));
    }
}
