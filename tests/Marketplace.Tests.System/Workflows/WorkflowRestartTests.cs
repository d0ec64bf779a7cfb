using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Marketplace.Tests.Workflows;

/// <summary>
/// A run survives a hard kill of the marketplace on the persistent backend (Azure Storage on Azurite): the restarted
/// process finishes it, and every step's effect happens once. Effects are counted by the keys the marketplace sends
/// for that purpose (the A2A message id of an agent step, the Idempotency-Key of a tool call), as an idempotent
/// agent or API would; the charges are counted from the ledger.
/// </summary>
[Collection("platform")]
public sealed class WorkflowRestartTests(PlatformFixture platform, ITestOutputHelper output)
{
    // A step (an agent task polled every 200 ms, a 1 s delay, a tool call) takes about two seconds; these deadlines are
    // for progress, not for the run, and allow a loaded machine many times that. The first step also pays a host's
    // warm-up; after the kill, the killed host's partition lease (10 s) and its messages' visibility (15 s) expire first.
    static readonly TimeSpan Step = TimeSpan.FromSeconds(60), FirstStep = TimeSpan.FromSeconds(60), Redelivery = TimeSpan.FromSeconds(25);

    [Fact]
    public async Task A_run_killed_mid_flight_completes_after_restart_with_each_effect_once()
    {
        await using var agent = await WorkflowAgent.StartAsync();
        await using var backend = await RecordingBackend.StartAsync();
        var prefix = "w" + Guid.NewGuid().ToString("N")[..8];
        var contentRoot = Directory.CreateTempSubdirectory("marketplace-wf-restart-").FullName;
        var port = NodeTools.GetFreeTcpPort();
        string[] settings =
        [
            $"--AzureWebJobsStorage={platform.Azurite.ConnectionString}", $"--Storage:Prefix={prefix}", $"--Marketplace:AdminKey={PlatformFixture.AdminKey}",
            "--Durable:Backend=AzureStorage", $"--Durable:TaskHub={prefix}hub", "--Outbound:AllowLoopback=true", "--Outbound:AllowHttp=true",
            "--A2A:Lifecycle:FollowerLease=00:00:03", "--A2A:PollInterval=00:00:00.200", "--Workflows:AgentPollInterval=00:00:00.200",
        ];
        const int Items = 8;
        const long Price = 100;
        string key, tenantId, runId;
        await using (var host = await HostProcess.StartAsync(port, contentRoot, settings))
        {
            using var admin = host.Client(PlatformFixture.AdminKey);
            tenantId = "wfcrash" + Guid.NewGuid().ToString("N")[..8];
            (await admin.PostAsJsonAsync("/api/tenants", new { id = tenantId, name = "Workflow crash test", plan = "pro" })).EnsureSuccessStatusCode();
            key = (await ProblemAssert.ReadObject(await admin.PostAsJsonAsync($"/api/tenants/{tenantId}/keys", new { role = "owner" })))["key"]!.GetValue<string>();
            await ProblemAssert.ReadObject(await admin.PostAsJsonAsync($"/api/admin/tenants/{tenantId}/credits", new { amount = 1_000_000 }));
            using var client = host.Client(key);
            var agentId = (await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/agents", new { cardUrl = agent.CardUrl, visibility = "private", pricing = new { perCall = Price } })))["agentId"]!.GetValue<string>();
            await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/tools", new
            {
                name = "record", description = "Records the call", inputSchema = new { type = "object" }, http = new { method = "POST", urlTemplate = backend.Url + "record" },
            }), HttpStatusCode.Created);
            var definition = new JsonObject
            {
                ["id"] = "durable", ["name"] = "durable",
                ["steps"] = new JsonArray(
                    new JsonObject
                    {
                        ["id"] = "each", ["kind"] = "map", ["items"] = new JsonObject { ["from"] = "/input/items" }, ["maxConcurrency"] = 2,
                        ["steps"] = new JsonArray(
                            new JsonObject { ["id"] = "ask", ["kind"] = "agent", ["agent"] = agentId, ["skill"] = "echo", ["message"] = "item {{/item}}" },
                            new JsonObject { ["id"] = "pause", ["kind"] = "delay", ["seconds"] = 1 },
                            new JsonObject { ["id"] = "log", ["kind"] = "tool", ["tool"] = "record", ["arguments"] = new JsonObject { ["text"] = "{{/steps/ask/output/text}}" } }),
                    },
                    new JsonObject { ["id"] = "done", ["kind"] = "tool", ["tool"] = "record", ["arguments"] = new JsonObject { ["text"] = "all done" } }),
            };
            await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/workflows", definition), HttpStatusCode.Created);
            var started = await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/workflows/durable/runs",
                new { input = new { items = Enumerable.Range(1, Items).ToArray() } }), HttpStatusCode.Accepted);
            runId = started["runId"]!.GetValue<string>();
            // Kill once some items are through and others in flight.
            await Eventually.Get(() => Task.FromResult(backend.Requests.Count >= 2 ? "two items through" : null), FirstStep);
            var progress = await client.GetFromJsonAsync<JsonObject>($"/api/runs/{runId}");
            Assert.True(progress!["run"]!["state"]!.GetValue<string>() == "running", progress.ToJsonString() + "\n" + string.Join("\n", host.Output.TakeLast(60)));
            host.Kill();
        }
        var beforeRestart = backend.Requests.Count;

        await using (var restarted = await HostProcess.StartAsync(port, contentRoot, settings))
        {
            using var client = restarted.Client(key);
            // The run may take as long as the machine needs, as long as it keeps going: each tool call (one per item,
            // then the last step) must come within a step's deadline of the one before, and the first after the restart
            // may also wait for the killed host's partition lease and messages to come free.
            var view = await Eventually.Get(() => client.GetFromJsonAsync<JsonObject>($"/api/runs/{runId}"), FirstStep);
            for (var calls = backend.Requests.Count; view["run"]!["state"]!.GetValue<string>() is "running" or "pending"; calls = backend.Requests.Count)
                view = await Eventually.Get(async () =>
                {
                    var now = (await client.GetFromJsonAsync<JsonObject>($"/api/runs/{runId}"))!;
                    return now["run"]!["state"]!.GetValue<string>() is not ("running" or "pending") || backend.Requests.Count > calls ? now : null;
                }, calls == beforeRestart ? FirstStep + Redelivery : Step);
            Assert.True(view["run"]!["state"]!.GetValue<string>() == "completed", view.ToJsonString() + "\n" + string.Join("\n", restarted.Output.TakeLast(80)));
            Assert.True(beforeRestart < Items + 1, "the kill came before the run finished");

            // Every item's agent step and tool step took effect once, keyed as the marketplace sent them.
            var texts = Enumerable.Range(1, Items).Select(i => $"item {i}").ToList();
            var messages = agent.Messages.ToList();
            Assert.Equal(texts.OrderBy(t => t), messages.DistinctBy(m => m.MessageId).Select(m => m.Text).OrderBy(t => t));
            var toolKeys = backend.Requests.Select(r => r.Headers["Idempotency-Key"]).ToList();
            Assert.Equal(Items + 1, toolKeys.Distinct().Count());
            Assert.Equal(texts.Select(t => "echo: " + t).Append("all done").OrderBy(t => t),
                backend.Requests.DistinctBy(r => r.Headers["Idempotency-Key"]).Select(r => JsonNode.Parse(r.Body)!["text"]!.GetValue<string>()).OrderBy(t => t));
            output.WriteLine($"Deliveries: {messages.Count} agent messages for {Items} steps, {toolKeys.Count} tool calls for {Items + 1} steps; {beforeRestart} tool calls before the kill.");

            // Each agent step was charged once, and every call (tool calls are metered too) applied once.
            using var admin = restarted.Client(PlatformFixture.AdminKey);
            await Eventually.Get(async () =>
                (await admin.GetFromJsonAsync<JsonObject>($"/api/admin/billing/reconcile/{tenantId}"))!["appliedEvents"]!.GetValue<int>() >= 2 * Items + 1 ? "applied" : null, FirstStep);
            // Counted again once the usage queue is empty (in-flight messages included), so a late duplicate would show.
            var usage = new Azure.Storage.Queues.QueueClient(platform.Azurite.ConnectionString, $"{prefix}-usage-events");
            await Eventually.Get(async () => (await usage.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0 ? "drained" : null, Step);
            var reconciliation = await admin.GetFromJsonAsync<JsonObject>($"/api/admin/billing/reconcile/{tenantId}");
            Assert.Equal(2 * Items + 1, reconciliation!["appliedEvents"]!.GetValue<int>());
            Assert.Equal(Items * Price, reconciliation["debits"]!.GetValue<long>());
            Assert.True(reconciliation["balanced"]!.GetValue<bool>());
        }
    }
}
