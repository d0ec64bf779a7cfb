using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Workflows;

/// <summary>A tenant with the test agent published and an HTTP tool registered, and helpers to run workflows.</summary>
public sealed class WorkflowTenant(HttpClient client, string tenantId, string agentId, RecordingBackend backend) : IAsyncDisposable
{
    public HttpClient Client { get; } = client;
    public string TenantId { get; } = tenantId;
    public string AgentId { get; } = agentId;
    public RecordingBackend Backend { get; } = backend;

    public static async Task<WorkflowTenant> CreateAsync(PlatformFixture platform, WorkflowAgent agent)
    {
        var (tenantId, key) = await platform.NewTenantAsync("owner");
        var client = platform.Client(key);
        var listing = await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/agents", new { cardUrl = agent.CardUrl, visibility = "private" }));
        var backend = await RecordingBackend.StartAsync();
        foreach (var name in new[] { "notify", "undo" })
            await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/tools", new
            {
                name, description = "Records the call", inputSchema = new { type = "object", properties = new { text = new { type = "string" } }, required = new[] { "text" } },
                http = new { method = "POST", urlTemplate = backend.Url + name },
            }), HttpStatusCode.Created);
        return new WorkflowTenant(client, tenantId, listing["agentId"]!.GetValue<string>(), backend);
    }

    public JsonObject Agent(string id, string skill, JsonNode message) =>
        new() { ["id"] = id, ["kind"] = "agent", ["agent"] = AgentId, ["skill"] = skill, ["message"] = message };

    public static JsonObject Tool(string id, string tool, string text) =>
        new() { ["id"] = id, ["kind"] = "tool", ["tool"] = tool, ["arguments"] = new JsonObject { ["text"] = text } };

    public static JsonObject Definition(string id, params JsonObject[] steps) => new() { ["id"] = id, ["name"] = id, ["steps"] = new JsonArray(steps) };

    public async Task<JsonObject> CreateAsync(JsonObject definition) =>
        await ProblemAssert.ReadObject(await Client.PostAsJsonAsync("/api/workflows", definition), HttpStatusCode.Created);

    public async Task<string> StartAsync(string workflowId, JsonNode? input = null)
    {
        var run = await ProblemAssert.ReadObject(await Client.PostAsJsonAsync($"/api/workflows/{workflowId}/runs", new JsonObject { ["input"] = input?.DeepClone() }), HttpStatusCode.Accepted);
        return run["runId"]!.GetValue<string>();
    }

    public async Task<JsonObject> GetAsync(string runId) => (await Client.GetFromJsonAsync<JsonObject>($"/api/runs/{runId}"))!;

    /// <summary>Waits until the run has ended (or the predicate holds) and returns its view.</summary>
    public Task<JsonObject> WaitAsync(string runId, Func<JsonObject, bool>? until = null, TimeSpan? timeout = null) =>
        Eventually.Get(async () =>
        {
            var view = await GetAsync(runId);
            return (until ?? Ended)(view) ? view : null;
        }, timeout ?? TimeSpan.FromSeconds(40));

    public static bool Ended(JsonObject view) => State(view) is "completed" or "failed" or "cancelled" or "compensated";

    public static string State(JsonObject view) => view["run"]!["state"]!.GetValue<string>();

    public static JsonObject? Step(JsonObject view, string path) =>
        view["steps"]!.AsArray().Select(s => s!.AsObject()).FirstOrDefault(s => s["stepPath"]!.GetValue<string>() == path);

    public static string StepState(JsonObject view, string path) =>
        Step(view, path)?["state"]?.GetValue<string>() ?? throw new Xunit.Sdk.XunitException($"No step '{path}' in {view.ToJsonString()}");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Backend.DisposeAsync();
    }
}
