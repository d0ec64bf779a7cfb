using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Xunit;
using static Marketplace.Tests.Workflows.WorkflowTenant;

namespace Marketplace.Tests.Workflows;

/// <summary>Runs on the in-memory Durable backend, through the real gateway to a real agent and a real HTTP tool.</summary>
[Collection("platform-tools")]
public sealed class WorkflowRunTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_linear_run_passes_outputs_along_and_builds_its_result()
    {
        await using var agent = await WorkflowAgent.StartAsync();
        await using var tenant = await CreateAsync(platform, agent);
        var definition = Definition("linear",
            tenant.Agent("greet", "echo", JsonValue.Create("hello {{/input/name}}")!),
            Tool("notify", "notify", "{{/steps/greet/output/text}} ({{/steps/greet/output/data/length}} chars)"));
        definition["output"] = new JsonObject { ["greeting"] = new JsonObject { ["from"] = "/steps/greet/output/data/upper" } };
        await tenant.CreateAsync(definition);

        var runId = await tenant.StartAsync("linear", new JsonObject { ["name"] = "ada" });
        var view = await tenant.WaitAsync(runId);
        Assert.Equal("completed", State(view));
        Assert.Equal("HELLO ADA", view["run"]!["output"]!["greeting"]!.GetValue<string>());
        Assert.Equal("completed", StepState(view, "greet"));
        Assert.Equal(["/steps/greet"], Step(view, "notify")!["dependsOn"]!.AsArray().Select(d => "/steps/" + d!.GetValue<string>()));
        Assert.Equal(1, agent.Count("echo", "hello ada"));
        var call = Assert.Single(tenant.Backend.Requests);
        Assert.StartsWith("wf-", call.Headers["Idempotency-Key"]);

        // Progress went out as integration events, the last one listing the steps in the order they ran.
        using var admin = platform.Admin();
        var finished = await Eventually.Get(async () => (await admin.GetFromJsonAsync<JsonArray>("/api/admin/events?topic=workflow-progress"))!
            .FirstOrDefault(e => e!["type"]!.GetValue<string>() == "marketplace.workflow.run.finished" && e["subject"]!.GetValue<string>() == runId));
        Assert.Equal(["greet", "notify"], finished!["data"]!["steps"]!.AsArray().Select(s => s!["stepPath"]!.GetValue<string>()));
        Assert.Equal([1, 2], finished["data"]!["steps"]!.AsArray().Select(s => s!["order"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Large_outputs_travel_by_reference_to_blob_storage_and_later_steps_still_read_them()
    {
        await using var agent = await WorkflowAgent.StartAsync();
        await using var tenant = await CreateAsync(platform, agent);
        await tenant.CreateAsync(Definition("bulky", tenant.Agent("big", "echo", JsonValue.Create("{{/input/text}}")!), Tool("size", "notify", "{{/steps/big/output/data/length}}")));
        var text = new string('x', 40_000);
        var view = await tenant.WaitAsync(await tenant.StartAsync("bulky", new JsonObject { ["text"] = text }));
        Assert.Equal("completed", State(view));
        var reference = Step(view, "big")!["output"]!;
        Assert.Equal("big", reference["$payload"]!.GetValue<string>());
        var stored = await tenant.Client.GetFromJsonAsync<JsonObject>($"/api/runs/{view["run"]!["runId"]!.GetValue<string>()}/payloads/big");
        Assert.Equal("echo: " + text, stored!["text"]!.GetValue<string>());
        Assert.Equal("40000", JsonNode.Parse(Assert.Single(tenant.Backend.Requests).Body)!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Parallel_branches_and_a_map_fan_out_and_fan_in_in_order()
    {
        await using var agent = await WorkflowAgent.StartAsync();
        await using var tenant = await CreateAsync(platform, agent);
        var definition = Definition("fan",
            new JsonObject
            {
                ["id"] = "both", ["kind"] = "parallel",
                ["branches"] = new JsonArray(
                    new JsonObject { ["id"] = "left", ["steps"] = new JsonArray(tenant.Agent("l1", "echo", JsonValue.Create("left")!)) },
                    new JsonObject { ["id"] = "right", ["steps"] = new JsonArray(tenant.Agent("r1", "echo", JsonValue.Create("right")!), Tool("r2", "notify", "{{/steps/r1/output/text}}")) }),
            },
            new JsonObject
            {
                // Five items, two at a time, two per orchestration execution (the test host's setting): continues as new twice.
                ["id"] = "each", ["kind"] = "map", ["items"] = new JsonObject { ["from"] = "/input/words" }, ["maxConcurrency"] = 2,
                ["steps"] = new JsonArray(tenant.Agent("say", "echo", JsonValue.Create("{{/index}}:{{/item}}")!)),
            });
        await tenant.CreateAsync(definition);
        var runId = await tenant.StartAsync("fan", new JsonObject { ["words"] = new JsonArray("a", "b", "c", "d", "e") });
        var view = await tenant.WaitAsync(runId);
        Assert.Equal("completed", State(view));
        var both = Step(view, "both")!["output"]!;
        Assert.Equal("echo: left", both["left"]!["text"]!.GetValue<string>());
        // A branch's output is its last step's: the tool's answer, which echoes the path it was called on.
        Assert.Equal("/notify", Assert.Single(tenant.Backend.Requests).PathAndQuery);
        Assert.Contains("/notify", both["right"]!["text"]!.GetValue<string>());
        Assert.Equal(["echo: 0:a", "echo: 1:b", "echo: 2:c", "echo: 3:d", "echo: 4:e"], Step(view, "each")!["output"]!.AsArray().Select(o => o!["text"]!.GetValue<string>()));
        Assert.Equal("completed", StepState(view, "both/right/r2"));
        Assert.Equal("completed", StepState(view, "each[4]/say"));
        foreach (var text in new[] { "0:a", "1:b", "2:c", "3:d", "4:e", "left", "right" }) Assert.Equal(1, agent.Count("echo", text));

        // The finished run fed the knowledge graph: its lineage lists each agent task once, in the order the steps started.
        var lineage = await Eventually.Get(async () =>
        {
            var response = await tenant.Client.GetAsync($"/api/graph/runs/{runId}/lineage");
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
        });
        var tasks = lineage!["steps"]!.AsArray();
        Assert.Equal(7, tasks.Select(t => t!["taskId"]!.GetValue<string>()).Distinct().Count());
        var orders = tasks.Select(t => t!["order"]!.GetValue<int>()).ToList();
        Assert.Equal(orders.Order(), orders);
        Assert.Equal(7, orders.Distinct().Count());
        Assert.All(tasks, t => Assert.Equal(tenant.AgentId, t!["agentId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_condition_jumps_by_the_data_and_skipped_steps_never_run()
    {
        await using var agent = await WorkflowAgent.StartAsync();
        await using var tenant = await CreateAsync(platform, agent);
        var check = new JsonObject { ["id"] = "big", ["kind"] = "condition", ["if"] = "[/input/n] > 5 and [/input/tags] >= 1", ["then"] = "large", ["else"] = "small" };
        var large = tenant.Agent("large", "echo", JsonValue.Create("large {{/input/n}}")!);
        large["next"] = "end";
        await tenant.CreateAsync(Definition("branchy", check, large, tenant.Agent("small", "echo", JsonValue.Create("small {{/input/n}}")!)));

        var high = await tenant.WaitAsync(await tenant.StartAsync("branchy", new JsonObject { ["n"] = 9, ["tags"] = new JsonArray("x") }));
        var low = await tenant.WaitAsync(await tenant.StartAsync("branchy", new JsonObject { ["n"] = 2, ["tags"] = new JsonArray("x") }));
        Assert.Equal(("completed", "completed"), (State(high), State(low)));
        Assert.True(Step(high, "big")!["output"]!["result"]!.GetValue<bool>());
        Assert.Null(Step(high, "small"));
        Assert.Null(Step(low, "large"));
        Assert.Equal((1, 1, 0, 0), (agent.Count("echo", "large 9"), agent.Count("echo", "small 2"), agent.Count("echo", "small 9"), agent.Count("echo", "large 2")));
    }

    [Fact]
    public async Task Approvals_wait_for_an_authorized_decision_and_reject_or_time_out()
    {
        await using var agent = await WorkflowAgent.StartAsync();
        await using var tenant = await CreateAsync(platform, agent);
        var approve = new JsonObject { ["id"] = "ok", ["kind"] = "approval", ["prompt"] = "Send {{/input/amount}}?", ["timeoutSeconds"] = 3600 };
        await tenant.CreateAsync(Definition("gated", approve, Tool("pay", "notify", "paid {{/steps/ok/output/by}}")));
        var quick = new JsonObject { ["id"] = "ok", ["kind"] = "approval", ["timeoutSeconds"] = 2 };
        await tenant.CreateAsync(Definition("hurried", quick, Tool("pay", "notify", "never")));

        // Approved by an owner; a developer key is not an approver (the default approvers are owners).
        var approved = await tenant.StartAsync("gated", new JsonObject { ["amount"] = 5 });
        var waiting = await tenant.WaitAsync(approved, v => Step(v, "ok")?["state"]?.GetValue<string>() == "waiting");
        Assert.Equal("Send 5?", Step(waiting, "ok")!["prompt"]!.GetValue<string>());
        using (var developer = platform.Client(await platform.NewKeyAsync(tenant.TenantId, "developer")))
            await ProblemAssert.IsProblem(await developer.PostAsJsonAsync($"/api/runs/{approved}/approvals", new { step = "ok", decision = "approve" }), HttpStatusCode.Forbidden);
        await ProblemAssert.ReadObject(await tenant.Client.PostAsJsonAsync($"/api/runs/{approved}/approvals", new { step = "ok", decision = "approve", comment = "fine" }));
        await ProblemAssert.IsProblem(await tenant.Client.PostAsJsonAsync($"/api/runs/{approved}/approvals", new { step = "ok", decision = "reject" }), HttpStatusCode.Conflict);
        var done = await tenant.WaitAsync(approved);
        Assert.Equal("completed", State(done));
        Assert.True(Step(done, "ok")!["output"]!["approved"]!.GetValue<bool>());

        var rejected = await tenant.StartAsync("gated", new JsonObject { ["amount"] = 7 });
        await tenant.WaitAsync(rejected, v => Step(v, "ok")?["state"]?.GetValue<string>() == "waiting");
        await ProblemAssert.ReadObject(await tenant.Client.PostAsJsonAsync($"/api/runs/{rejected}/approvals", new { step = "ok", decision = "reject", comment = "too much" }));
        var refused = await tenant.WaitAsync(rejected);
        Assert.Equal("failed", State(refused));
        Assert.Contains("too much", refused["run"]!["error"]!.GetValue<string>());

        var late = await tenant.WaitAsync(await tenant.StartAsync("hurried"));
        Assert.Equal("failed", State(late));
        Assert.Contains("No decision before the deadline", StepError(late, "ok"));
        Assert.Single(tenant.Backend.Requests);
    }

    [Fact]
    public async Task A_failed_step_is_retried_with_a_new_attempt_and_without_retries_the_run_fails()
    {
        await using var agent = await WorkflowAgent.StartAsync();
        await using var tenant = await CreateAsync(platform, agent);
        var retried = tenant.Agent("shaky", "flaky", JsonValue.Create("retry {{/input/n}}")!);
        retried["retry"] = new JsonObject { ["maxAttempts"] = 3, ["delaySeconds"] = 0.2 };
        await tenant.CreateAsync(Definition("retrying", retried));
        await tenant.CreateAsync(Definition("fragile", tenant.Agent("shaky", "flaky", JsonValue.Create("once {{/input/n}}")!)));

        var ok = await tenant.WaitAsync(await tenant.StartAsync("retrying", new JsonObject { ["n"] = 1 }));
        Assert.Equal("completed", State(ok));
        Assert.Equal(2, Step(ok, "shaky")!["attempt"]!.GetValue<int>());
        Assert.Equal("recovered: retry 1", Step(ok, "shaky")!["output"]!["text"]!.GetValue<string>());
        Assert.Equal(2, agent.Count("flaky", "retry 1"));

        var failed = await tenant.WaitAsync(await tenant.StartAsync("fragile", new JsonObject { ["n"] = 1 }));
        Assert.Equal("failed", State(failed));
        Assert.Contains("first attempts always fail", failed["run"]!["error"]!.GetValue<string>());
        Assert.Equal(1, agent.Count("flaky", "once 1"));
    }

    [Fact]
    public async Task A_failure_with_compensate_undoes_the_completed_steps_newest_first()
    {
        await using var agent = await WorkflowAgent.StartAsync();
        await using var tenant = await CreateAsync(platform, agent);
        var reserve = Tool("reserve", "notify", "reserve");
        reserve["compensate"] = new JsonArray(Tool("unreserve", "undo", "release {{/steps/reserve/output/data/path}}"));
        var charge = Tool("charge", "notify", "charge");
        charge["compensate"] = new JsonArray(Tool("refund", "undo", "refund"));
        var ship = tenant.Agent("ship", "flaky", JsonValue.Create("ship {{/input/order}}")!);
        ship["onFailure"] = "compensate";
        await tenant.CreateAsync(Definition("saga", reserve, charge, ship));

        var view = await tenant.WaitAsync(await tenant.StartAsync("saga", new JsonObject { ["order"] = 42 }));
        Assert.Equal("compensated", State(view));
        Assert.Equal(["/notify", "/notify", "/undo", "/undo"], tenant.Backend.Requests.Select(r => r.PathAndQuery));
        Assert.Equal(("compensated", "compensated", "failed"), (StepState(view, "reserve"), StepState(view, "charge"), StepState(view, "ship")));
        Assert.Equal("completed", StepState(view, "charge~compensate/refund"));
        var undo = DateTimeOffset.Parse(Step(view, "charge~compensate/refund")!["startedAt"]!.GetValue<string>());
        Assert.True(undo <= DateTimeOffset.Parse(Step(view, "reserve~compensate/unreserve")!["startedAt"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Cancel_stops_the_run_and_cancels_the_agent_task_in_flight()
    {
        await using var agent = await WorkflowAgent.StartAsync();
        await using var tenant = await CreateAsync(platform, agent);
        await tenant.CreateAsync(Definition("long", tenant.Agent("wait", "slow", JsonValue.Create("forever {{/input/n}}")!), Tool("after", "notify", "never")));
        var runId = await tenant.StartAsync("long", new JsonObject { ["n"] = 1 });
        var running = await tenant.WaitAsync(runId, v => Step(v, "wait")?["taskId"] is not null);
        var taskId = Step(running, "wait")!["taskId"]!.GetValue<string>();

        var accepted = await tenant.Client.PostAsync($"/api/runs/{runId}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var view = await tenant.WaitAsync(runId);
        Assert.Equal("cancelled", State(view));
        Assert.Equal("cancelled", StepState(view, "wait"));
        await Eventually.Get(() => Task.FromResult(agent.Cancelled.Contains("forever 1") ? "" : null));
        var task = await A2ARpc.ResultAsync(tenant.Client, tenant.AgentId, "GetTask", new JsonObject { ["id"] = taskId });
        Assert.Equal("TASK_STATE_CANCELED", task["status"]!["state"]!.GetValue<string>());
        Assert.Empty(tenant.Backend.Requests);
        await ProblemAssert.IsProblem(await tenant.Client.PostAsync($"/api/runs/{runId}/cancel", null), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_suspended_run_starts_no_step_until_resumed_and_progress_streams_as_events()
    {
        await using var agent = await WorkflowAgent.StartAsync();
        await using var tenant = await CreateAsync(platform, agent);
        await tenant.CreateAsync(Definition("pausable", new JsonObject { ["id"] = "nap", ["kind"] = "delay", ["seconds"] = 1 }, Tool("after", "notify", "woke")));
        var runId = await tenant.StartAsync("pausable");
        await tenant.WaitAsync(runId, v => Step(v, "nap") is not null);
        Assert.Equal("suspended", (await ProblemAssert.ReadObject(await tenant.Client.PostAsync($"/api/runs/{runId}/suspend", null), HttpStatusCode.Accepted))["state"]!.GetValue<string>());
        await Task.Delay(2500);
        var paused = await tenant.GetAsync(runId);
        Assert.Equal(("suspended", "completed"), (State(paused), StepState(paused, "nap")));
        Assert.Null(Step(paused, "after"));
        Assert.Empty(tenant.Backend.Requests);

        using var events = new HttpRequestMessage(HttpMethod.Get, $"/api/runs/{runId}/events");
        using var stream = await tenant.Client.SendAsync(events, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType!.MediaType);
        await ProblemAssert.ReadObject(await tenant.Client.PostAsync($"/api/runs/{runId}/resume", null), HttpStatusCode.Accepted);
        var body = await stream.Content.ReadAsStringAsync();
        Assert.Contains("event: step", body);
        Assert.Contains("\"stepPath\":\"after\"", body);
        var lastRun = body.Split("\n\n").Where(f => f.Contains("event: run")).Last();
        var run = JsonNode.Parse(lastRun.Split("data: ", 2)[1])!;
        Assert.Equal("completed", run["state"]!.GetValue<string>());
        Assert.Single(tenant.Backend.Requests);
    }

    [Fact]
    public async Task An_idempotency_key_starts_one_run_and_a_priced_run_without_credit_is_refused()
    {
        await using var agent = await WorkflowAgent.StartAsync();
        await using var tenant = await CreateAsync(platform, agent);
        await tenant.CreateAsync(Definition("once", Tool("ping", "notify", "ping {{/input/n}}")));
        async Task<HttpResponseMessage> Start(int n)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/workflows/once/runs") { Content = JsonContent.Create(new { input = new { n } }) };
            request.Headers.Add("Idempotency-Key", "order-7");
            return await tenant.Client.SendAsync(request);
        }
        var first = await ProblemAssert.ReadObject(await Start(1), HttpStatusCode.Accepted);
        var again = await ProblemAssert.ReadObject(await Start(1), HttpStatusCode.Accepted);
        Assert.Equal(first["runId"]!.GetValue<string>(), again["runId"]!.GetValue<string>());
        await ProblemAssert.IsProblem(await Start(2), HttpStatusCode.Conflict);
        await tenant.WaitAsync(first["runId"]!.GetValue<string>());
        Assert.Single(tenant.Backend.Requests);

        // A priced agent: the run could not pay for its step, so it does not start.
        var priced = await ProblemAssert.ReadObject(await tenant.Client.PostAsJsonAsync("/api/agents", new { cardUrl = agent.CardUrl, visibility = "private", pricing = new { perCall = 500 } }));
        var step = new JsonObject { ["id"] = "paid", ["kind"] = "agent", ["agent"] = priced["agentId"]!.GetValue<string>(), ["skill"] = "echo", ["message"] = "hi" };
        await tenant.CreateAsync(Definition("costly", step));
        var problem = await ProblemAssert.IsProblem(await tenant.Client.PostAsJsonAsync("/api/workflows/costly/runs", new { }), HttpStatusCode.PaymentRequired);
        Assert.Equal("urn:marketplace:problem:insufficient-credits", problem["type"]!.GetValue<string>());
        var runs = await tenant.Client.GetFromJsonAsync<JsonObject>("/api/runs?workflowId=costly");
        Assert.Empty(runs!["items"]!.AsArray());
    }

    [Fact]
    public async Task Credit_held_for_a_running_task_counts_once_against_a_new_run()
    {
        await using var agent = await WorkflowAgent.StartAsync();
        await using var tenant = await CreateAsync(platform, agent);
        var priced = await ProblemAssert.ReadObject(await tenant.Client.PostAsJsonAsync("/api/agents", new { cardUrl = agent.CardUrl, visibility = "private", pricing = new { perCall = 400 } }));
        var agentId = priced["agentId"]!.GetValue<string>();
        using (var admin = platform.Admin())
            await ProblemAssert.ReadObject(await admin.PostAsJsonAsync($"/api/admin/tenants/{tenant.TenantId}/credits", new { amount = 1_000 }));
        var before = (await tenant.Client.GetFromJsonAsync<JsonObject>("/api/billing/balance"))!["balance"]!.GetValue<long>();

        // A task that keeps running holds its 400 until it ends: what is left to spend is the balance less that, once.
        await A2ARpc.ResultAsync(tenant.Client, agentId, "SendMessage", new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["messageId"] = Guid.NewGuid().ToString("N"), ["role"] = "ROLE_USER", ["parts"] = new JsonArray(new JsonObject { ["text"] = "hold" }),
                ["metadata"] = new JsonObject { ["skill"] = "slow" },
            },
            ["configuration"] = new JsonObject { ["returnImmediately"] = true },
        });
        var held = await Eventually.Get(async () =>
        {
            var balance = (await tenant.Client.GetFromJsonAsync<JsonObject>("/api/billing/balance"))!;
            return balance["reserved"]!.GetValue<long>() == 400 ? balance : null;
        });
        Assert.Equal(before - 400, held["balance"]!.GetValue<long>());

        // A run whose one step costs 400 fits in what is left (at least 600), however the held credit is shown.
        var step = new JsonObject { ["id"] = "paid", ["kind"] = "agent", ["agent"] = agentId, ["skill"] = "echo", ["message"] = "hi" };
        await tenant.CreateAsync(Definition("affordable", step));
        await ProblemAssert.ReadObject(await tenant.Client.PostAsJsonAsync("/api/workflows/affordable/runs", new { }), HttpStatusCode.Accepted);
    }

    static string StepError(JsonObject view, string path) => Step(view, path)!["error"]!.GetValue<string>();
}
