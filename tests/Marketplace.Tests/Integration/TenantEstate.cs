using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Integration;

/// <summary>
/// A tenant owning one resource of every kind, made through the API: a key, a private agent listing, an A2A task,
/// an HTTP tool, a federated MCP server, a workflow and a finished run, a webhook and its delivery log. <see cref="PathValues"/> names a real value
/// for every path parameter of the route table.
/// </summary>
public sealed class TenantEstate : IAsyncDisposable
{
    readonly WorkflowAgent agent;
    readonly UpstreamMcpServer upstream;
    readonly RecordingBackend backend;

    TenantEstate(string tenantId, string key, WorkflowAgent agent, UpstreamMcpServer upstream, RecordingBackend backend) =>
        (TenantId, Key, this.agent, this.upstream, this.backend) = (tenantId, key, agent, upstream, backend);

    public string TenantId { get; }

    /// <summary>The owner's key.</summary>
    public string Key { get; }

    public Dictionary<string, string> PathValues { get; } = new(StringComparer.Ordinal);

    public const string ToolName = "notify";
    public const string McpPrefix = "up";
    public const string WorkflowId = "estate-flow";

    public static async Task<TenantEstate> CreateAsync(PlatformFixture platform)
    {
        var (tenantId, key) = await platform.NewTenantAsync("owner");
        var estate = new TenantEstate(tenantId, key, await WorkflowAgent.StartAsync(), await UpstreamMcpServer.StartAsync(), await RecordingBackend.StartAsync());
        await estate.FillAsync(platform);
        return estate;
    }

    async Task FillAsync(PlatformFixture platform)
    {
        using var client = platform.Client(Key);
        using var admin = platform.Admin();
        (await client.GetAsync("/.well-known/jwks.json")).EnsureSuccessStatusCode(); // the signing key is made on first use
        var reader = await ProblemAssert.ReadObject(await admin.PostAsJsonAsync($"/api/tenants/{TenantId}/keys", new { role = "reader" }), HttpStatusCode.Created);
        var listing = await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/agents", new { cardUrl = agent.CardUrl, visibility = "private" }), HttpStatusCode.Created);
        var agentId = listing["agentId"]!.GetValue<string>();

        var sent = await A2ARpc.ResultAsync(client, agentId, "SendMessage", new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["messageId"] = "estate-1", ["role"] = "ROLE_USER", ["parts"] = new JsonArray(new JsonObject { ["text"] = "hello" }),
                ["metadata"] = new JsonObject { ["skill"] = "echo" },
            },
        });
        var taskId = sent["task"]!["id"]!.GetValue<string>();

        await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/tools", new
        {
            name = ToolName, description = "Records the call",
            inputSchema = new { type = "object", properties = new { text = new { type = "string" } }, required = new[] { "text" } },
            http = new { method = "POST", urlTemplate = backend.Url + ToolName },
        }), HttpStatusCode.Created);

        // Subscribed to an event nothing raises, so the backend sees only the test delivery made here.
        var webhook = await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/webhooks", new { url = backend.Url + "hooks", events = new[] { "grant.expiring" } }), HttpStatusCode.Created);
        var webhookId = webhook["webhook"]!["id"]!.GetValue<string>();
        var tried = await ProblemAssert.ReadObject(await client.PostAsync($"/api/webhooks/{webhookId}/test", null), HttpStatusCode.OK);

        platform.App.Configuration[$"ToolSecrets:{TenantId}:upstream-token"] = upstream.RequiredToken;
        await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/mcp-servers", new
        {
            prefix = McpPrefix, url = upstream.Url.ToString(), headers = new[] { new { name = UpstreamMcpServer.TokenHeader, secret = "upstream-token" } },
        }), HttpStatusCode.Created);

        await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/workflows", new JsonObject
        {
            ["id"] = WorkflowId, ["name"] = WorkflowId,
            ["steps"] = new JsonArray(new JsonObject { ["id"] = "say", ["kind"] = "tool", ["tool"] = ToolName, ["arguments"] = new JsonObject { ["text"] = "hi" } }),
        }), HttpStatusCode.Created);
        var run = await ProblemAssert.ReadObject(await client.PostAsJsonAsync($"/api/workflows/{WorkflowId}/runs", new JsonObject()), HttpStatusCode.Accepted);
        var runId = run["runId"]!.GetValue<string>();
        await Eventually.Get(async () =>
        {
            var view = await client.GetFromJsonAsync<JsonObject>($"/api/runs/{runId}");
            return view!["run"]!["state"]!.GetValue<string>() is "completed" or "failed" ? view : null;
        }, TimeSpan.FromSeconds(40));

        PathValues["tenantId"] = TenantId;
        PathValues["keyId"] = reader["keyId"]!.GetValue<string>();
        PathValues["agentId"] = agentId;
        PathValues["workflowId"] = WorkflowId;
        PathValues["version"] = "1";
        PathValues["runId"] = runId;
        PathValues["name"] = "input";
        PathValues["toolName"] = ToolName;
        PathValues["prefix"] = McpPrefix;
        PathValues["serverName"] = $"localhost/{TenantId}.{McpPrefix}"; // its federated server in the MCP Registry API
        PathValues["period"] = DateTime.UtcNow.ToString("yyyy-MM");
        PathValues["path"] = "tasks/" + taskId;
        PathValues["webhookId"] = webhookId;
        PathValues["deliveryId"] = tried["id"]!.GetValue<string>();
        var member = await ProblemAssert.ReadObject(await admin.PostAsJsonAsync($"/api/tenants/{TenantId}/members",
            new { issuer = "https://issuer.example", subject = "estate-member", role = "reader" }), HttpStatusCode.Created);
        PathValues["userId"] = member["principalId"]!.GetValue<string>();
        var invitation = await ProblemAssert.ReadObject(await admin.PostAsJsonAsync($"/api/tenants/{TenantId}/invitations", new { role = "reader" }), HttpStatusCode.Created);
        PathValues["token"] = invitation["token"]!.GetValue<string>();
    }

    public async ValueTask DisposeAsync()
    {
        await agent.DisposeAsync();
        await upstream.DisposeAsync();
        await backend.DisposeAsync();
    }
}
