using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.A2A.Lifecycle;
using Marketplace.A2A.Push;
using Marketplace.Tests.Infrastructure;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Marketplace.Tests.Workflows.WorkflowTenant;

namespace Marketplace.Tests.A2A;

/// <summary>
/// The gateway in the Functions app's composition, where the only Durable client is the one the wrapper passes in:
/// a task that outlives its request gets its lifecycle, and a task with a webhook its notifier, both started with it;
/// a workflow run is started, approved and controlled through it; the health report asks the Durable backend with it.
/// </summary>
[Collection("platform-gateway")]
public sealed class BoundDurableClientTests(PlatformFixture platform, SampleAgentsFixture agents) : IClassFixture<SampleAgentsFixture>
{
    [Fact]
    public async Task A_task_still_working_after_its_request_starts_its_lifecycle_and_notifier_with_the_client_passed_in()
    {
        var (_, publisherKey) = await platform.NewTenantAsync("publisher");
        var (textAgent, _) = await agents.PublishAsync(platform.BaseAddress, publisherKey);
        var (tenantId, key) = await platform.NewTenantAsync("developer");
        var bound = platform.App.Services.GetRequiredService<DurableTaskClient>();
        await using var functions = await FunctionsStyleHost.StartAsync(platform, bound);
        Assert.Null(functions.Services.GetService<DurableTaskClient>());
        using var client = new HttpClient { BaseAddress = functions.BaseAddress };
        client.DefaultRequestHeaders.Add("X-API-Key", key);

        var sent = await A2ARpc.ResultAsync(client, textAgent, "SendMessage", new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["messageId"] = Guid.NewGuid().ToString(), ["role"] = "ROLE_USER",
                ["parts"] = new JsonArray(new JsonObject { ["text"] = "First sentence. Second sentence here. Third one." }),
                ["metadata"] = new JsonObject { ["skill"] = "summarize", ["delayMs"] = 300 },
            },
            ["configuration"] = new JsonObject
            {
                ["returnImmediately"] = true,
                // Nothing listens there (the discard port): the notifier only has to be started.
                ["taskPushNotificationConfig"] = new JsonObject { ["url"] = "http://127.0.0.1:9/a2a-push", ["token"] = "t0k" },
            },
        });
        var taskId = sent["task"]!["id"]!.GetValue<string>();
        Assert.NotEqual("TASK_STATE_COMPLETED", sent["task"]!["status"]!["state"]!.GetValue<string>());

        Assert.NotNull(await bound.GetInstanceAsync(ITaskLifecycle.InstanceId(tenantId, taskId)));
        Assert.NotNull(await bound.GetInstanceAsync(PushNames.InstanceId(tenantId, taskId)));
    }

    [Fact]
    public async Task Health_asks_the_durable_backend_through_the_client_passed_in()
    {
        var bound = platform.App.Services.GetRequiredService<DurableTaskClient>();
        await using (var functions = await FunctionsStyleHost.StartAsync(platform, bound))
        {
            using var client = new HttpClient { BaseAddress = functions.BaseAddress };
            var (status, durable) = await DurableHealthAsync(client);
            Assert.Equal((HttpStatusCode.OK, "healthy"), (status, durable["status"]!.GetValue<string>()));
            // Asked, not assumed: no word that some other host looks after it.
            Assert.Null(durable["detail"]);
        }

        // A bound client whose backend does not answer (nothing listens on the discard port) makes the platform unhealthy.
        await using var unreachable = new ServiceCollection().AddLogging().AddDurableTaskClient(b => b.UseGrpc("http://127.0.0.1:9")).BuildServiceProvider();
        await using (var functions = await FunctionsStyleHost.StartAsync(platform, unreachable.GetRequiredService<DurableTaskClient>()))
        {
            using var client = new HttpClient { BaseAddress = functions.BaseAddress };
            var (status, durable) = await DurableHealthAsync(client);
            Assert.Equal((HttpStatusCode.ServiceUnavailable, "unhealthy"), (status, durable["status"]!.GetValue<string>()));
            Assert.DoesNotContain("127.0.0.1", durable.ToJsonString());
        }
    }

    static async Task<(HttpStatusCode Status, JsonNode Durable)> DurableHealthAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/health");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (response.StatusCode, body["dependencies"]!.AsArray().Single(d => d!["name"]!.GetValue<string>() == "durable")!);
    }

    [Fact]
    public async Task A_workflow_run_starts_waits_for_its_approval_and_is_suspended_resumed_and_cancelled_with_the_client_passed_in()
    {
        var (_, key) = await platform.NewTenantAsync("owner");
        var bound = platform.App.Services.GetRequiredService<DurableTaskClient>();
        await using var functions = await FunctionsStyleHost.StartAsync(platform, bound);
        using var client = new HttpClient { BaseAddress = functions.BaseAddress };
        client.DefaultRequestHeaders.Add("X-API-Key", key);
        await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/workflows", Definition("gated-nap",
            new JsonObject { ["id"] = "ok", ["kind"] = "approval", ["timeoutSeconds"] = 3600 },
            // Long enough that the run is still in flight for every control action below.
            new JsonObject { ["id"] = "nap", ["kind"] = "delay", ["seconds"] = 3600 })), HttpStatusCode.Created);

        var started = await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/workflows/gated-nap/runs", new JsonObject()), HttpStatusCode.Accepted);
        var runId = started["runId"]!.GetValue<string>();
        await RunAsync(client, runId, v => Step(v, "ok")?["state"]?.GetValue<string>() == "waiting");

        await ProblemAssert.ReadObject(await client.PostAsJsonAsync($"/api/runs/{runId}/approvals", new { step = "ok", decision = "approve" }));
        var napping = await RunAsync(client, runId, v => Step(v, "nap") is not null);
        Assert.True(Step(napping, "ok")!["output"]!["approved"]!.GetValue<bool>());

        var suspended = await ProblemAssert.ReadObject(await client.PostAsync($"/api/runs/{runId}/suspend", null), HttpStatusCode.Accepted);
        Assert.Equal("suspended", suspended["state"]!.GetValue<string>());
        await RunAsync(client, runId, v => State(v) == "suspended");
        await ProblemAssert.ReadObject(await client.PostAsync($"/api/runs/{runId}/resume", null), HttpStatusCode.Accepted);
        await RunAsync(client, runId, v => State(v) == "running");
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/runs/{runId}/cancel", null)).StatusCode);
        var cancelled = await RunAsync(client, runId, v => State(v) == "cancelled");
        Assert.Equal("cancelled", StepState(cancelled, "nap"));
    }

    static Task<JsonObject> RunAsync(HttpClient client, string runId, Func<JsonObject, bool> until) =>
        Eventually.Get(async () => (await client.GetFromJsonAsync<JsonObject>($"/api/runs/{runId}")) is { } view && until(view) ? view : null, TimeSpan.FromSeconds(40));
}
