using Marketplace.Serialization;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Http;
using Marketplace.Orchestrations.Workflows;
using Marketplace.Tenancy;
using Marketplace.Tests.Infrastructure;
using Marketplace.Workflows;
using Marketplace.Workflows.Engine;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Xunit;

namespace Marketplace.Tests.Workflows;

/// <summary>
/// The workflow orchestrations alone, on the Durable Task SDK's in-process test host: the real orchestrators with
/// scripted activities in place of the marketplace's (which the end-to-end tests run for real). They pin down the
/// interpreter's order of effects, which replays must reproduce exactly.
/// </summary>
public sealed class WorkflowOrchestrationTests
{
    static readonly EngineSettings Settings = new(AgentPollMs: 50, MapItemsPerExecution: 2, DefaultApprovalSeconds: 60) { InlineToolBranches = true };

    /// <summary>What the scripted activities saw, and how tool steps behave: fail the first N attempts of a step id.</summary>
    sealed class Script
    {
        public ConcurrentQueue<string> Calls { get; } = new();

        /// <summary>The prefixes of the flows run as sub-orchestrations.</summary>
        public ConcurrentQueue<string> Flows { get; } = new();
        public Dictionary<string, int> FailFirst { get; } = [];
        public RunFinish? Finish { get; set; }
    }

    static async Task<(Script Script, RunFinish Finish)> RunAsync(JsonObject definition, JsonObject? input = null, Func<DurableTaskClient, string, Script, Task>? steer = null, Action<Script>? setup = null,
        EngineSettings? settings = null)
    {
        var script = new Script();
        setup?.Invoke(script);
        var parsed = JsonSerializer.Deserialize<WorkflowDefinition>(definition.ToJsonString(), Json.Strict)!;
        var caller = new RunCaller("t1", "run-1", "key-1", Role.Owner);
        // The test host's default is a random port in 30000-40000, unchecked and inside the kernel's ephemeral range
        // that other tests' listeners and connections use: ask the system for a free one instead.
        await using var host = await DurableTaskTestHost.StartAsync(registry =>
        {
            registry.AddOrchestratorFunc<RunRef, RunState>(WorkflowNames.Run, WorkflowRunOrchestration.RunAsync);
            registry.AddOrchestratorFunc<FlowInput, FlowResult>(WorkflowNames.Flow, (context, flow) =>
            {
                if (!context.IsReplaying) script.Flows.Enqueue(flow.Prefix);
                return WorkflowFlowOrchestration.RunAsync(context, flow);
            });
            registry.AddOrchestratorFunc<MapInput, FlowResult>(WorkflowNames.Map, WorkflowMapOrchestration.RunAsync);
            registry.AddActivityFunc<RunRef, LoadedRun>(nameof(LoadRunActivity), (_, _) =>
                new LoadedRun(parsed, JsonSerializer.SerializeToElement(input ?? new JsonObject()), caller, settings ?? Settings));
            registry.AddActivityFunc<StepCall, StepOutcome>(nameof(ToolStepActivity), (_, call) =>
            {
                script.Calls.Enqueue($"{call.StepPath}#{call.Attempt}");
                if (script.FailFirst.TryGetValue(call.Step.Id, out var failures) && call.Attempt <= failures)
                    return new StepOutcome(StepState.Failed, null) { Error = "scripted failure" };
                var text = call.Step.Arguments is { } a ? DataRefs.Resolve(a, call.Data).GetProperty("text").GetString() : call.StepPath;
                return new StepOutcome(StepState.Completed, JsonSerializer.SerializeToElement(new { text }));
            });
            registry.AddActivityFunc<StepCall, StepOutcome>(nameof(ConditionActivity), (_, call) =>
                new StepOutcome(StepState.Completed, JsonSerializer.SerializeToElement(new { result = Conditions.Evaluate(call.Step.If!, call.Data) })));
            registry.AddActivityFunc<ItemsRequest, ItemsWindow>(nameof(MapItemsActivity), (_, request) =>
            {
                var items = DataRefs.Resolve(request.Call.Step.Items!.Value, request.Call.Data).EnumerateArray().Select(i => i.Clone()).ToList();
                script.Calls.Enqueue($"items {request.Start}");
                return new ItemsWindow(items.Count, items.Skip(request.Start).Take(request.Count).ToList());
            });
            registry.AddActivityFunc<StepRecord, RecordedStep>(nameof(RecordStepActivity), (_, record) =>
            {
                script.Calls.Enqueue($"record {record.StepPath} {record.State.ToString().ToLowerInvariant()}");
                return new RecordedStep { Output = record.Output };
            });
            registry.AddActivityFunc<RunFinish, RunState>(nameof(FinishRunActivity), (_, finish) =>
            {
                script.Finish = finish;
                return finish.State switch { FlowState.Completed => RunState.Completed, FlowState.Cancelled => RunState.Cancelled, FlowState.Compensated => RunState.Compensated, _ => RunState.Failed };
            });
        }, new DurableTaskTestHostOptions { Port = NodeTools.GetFreeTcpPort() });
        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(WorkflowNames.Run, new RunRef("t1", "run-1"), new StartOrchestrationOptions("run-1"));
        if (steer is not null) await steer(host.Client, instanceId, script);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        OrchestrationMetadata done;
        try
        {
            done = await host.Client.WaitForInstanceCompletionAsync(instanceId, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            var state = await host.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
            throw new Xunit.Sdk.XunitException($"Still {state?.RuntimeStatus} after 30 s; calls: {string.Join(", ", script.Calls)}; finish: {script.Finish?.State}");
        }
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        return (script, script.Finish!);
    }

    static JsonObject Tool(string id, string text = "ok") => new() { ["id"] = id, ["kind"] = "tool", ["tool"] = "t", ["arguments"] = new JsonObject { ["text"] = text } };

    static JsonObject Definition(params JsonObject[] steps) => new() { ["id"] = "w", ["name"] = "w", ["steps"] = new JsonArray(steps) };

    /// <summary>Waits until the run has made the call, so a signal arrives while the step it is meant for waits.</summary>
    static Task CalledAsync(Script script, string call) =>
        Eventually.Get(() => Task.FromResult(script.Calls.Contains(call) ? script : null), TimeSpan.FromSeconds(30));

    [Fact]
    public async Task Steps_run_in_order_a_condition_jumps_and_next_end_stops_the_flow()
    {
        var check = new JsonObject { ["id"] = "check", ["kind"] = "condition", ["if"] = "[/input/n] > 1", ["then"] = "big" };
        var small = Tool("small");
        small["next"] = "end";
        var (script, finish) = await RunAsync(Definition(Tool("first", "{{/input/n}}"), check, small, Tool("big", "{{/steps/first/output/text}}!")), new JsonObject { ["n"] = 2 });
        Assert.Equal(["first#1", "big#1"], script.Calls);
        Assert.Equal(FlowState.Completed, finish.State);
        Assert.Equal("2!", finish.Output!.Value.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Retries_make_new_attempts_and_a_failure_without_them_fails_the_run()
    {
        var retried = Tool("shaky");
        retried["retry"] = new JsonObject { ["maxAttempts"] = 3, ["delaySeconds"] = 0.1 };
        var (script, finish) = await RunAsync(Definition(retried, Tool("after")), setup: s => s.FailFirst["shaky"] = 2);
        Assert.Equal(["shaky#1", "shaky#2", "shaky#3", "after#1"], script.Calls);
        Assert.Equal(FlowState.Completed, finish.State);

        (script, finish) = await RunAsync(Definition(Tool("shaky"), Tool("after")), setup: s => s.FailFirst["shaky"] = 1);
        Assert.Equal(["shaky#1"], script.Calls);
        Assert.Equal(FlowState.Failed, finish.State);
        Assert.Contains("scripted failure", finish.Error);
    }

    [Fact]
    public async Task Continue_goes_on_with_null_and_compensate_undoes_newest_first()
    {
        var tolerant = Tool("optional");
        tolerant["onFailure"] = "continue";
        var (script, finish) = await RunAsync(Definition(tolerant, Tool("after", "[{{/steps/optional/output}}]")), setup: s => s.FailFirst["optional"] = 1);
        Assert.Equal(FlowState.Completed, finish.State);
        Assert.Equal("[]", finish.Output!.Value.GetProperty("text").GetString());

        var a = Tool("a");
        a["compensate"] = new JsonArray(Tool("undo-a"));
        var b = Tool("b");
        b["compensate"] = new JsonArray(Tool("undo-b"));
        var c = Tool("c");
        c["onFailure"] = "compensate";
        (script, finish) = await RunAsync(Definition(a, Tool("plain"), b, c), setup: s => s.FailFirst["c"] = 1);
        Assert.Equal(["a#1", "plain#1", "b#1", "c#1", "b~compensate/undo-b#1", "record b compensated", "a~compensate/undo-a#1", "record a compensated"], script.Calls);
        Assert.Equal(FlowState.Compensated, finish.State);
    }

    [Fact]
    public async Task A_parallel_step_waits_for_every_branch_and_a_map_keeps_item_order_across_executions()
    {
        var fan = new JsonObject
        {
            ["id"] = "fan", ["kind"] = "parallel",
            ["branches"] = new JsonArray(
                new JsonObject { ["id"] = "x", ["steps"] = new JsonArray(Tool("x1", "X")) },
                new JsonObject { ["id"] = "y", ["steps"] = new JsonArray(Tool("y1", "Y"), Tool("y2", "{{/steps/y1/output/text}}Y")) }),
        };
        var map = new JsonObject
        {
            ["id"] = "each", ["kind"] = "map", ["items"] = new JsonObject { ["from"] = "/input/items" }, ["maxConcurrency"] = 2,
            ["steps"] = new JsonArray(Tool("one", "{{/index}}={{/item}}")),
        };
        var (script, finish) = await RunAsync(Definition(fan, map), new JsonObject { ["items"] = new JsonArray("a", "b", "c", "d", "e") });
        Assert.Equal(FlowState.Completed, finish.State);
        var outputs = finish.Output!.Value.EnumerateArray().Select(o => o.GetProperty("text").GetString()).ToList();
        Assert.Equal(["0=a", "1=b", "2=c", "3=d", "4=e"], outputs);
        // Two items per execution: the map read its items three times, continuing as new in between.
        Assert.Equal(["items 0", "items 2", "items 4"], script.Calls.Where(c => c.StartsWith("items")));
        var data = JsonNode.Parse(finish.Data.GetRawText())!;
        Assert.Equal("X", data["steps"]!["fan"]!["output"]!["x"]!["text"]!.GetValue<string>());
        Assert.Equal("YY", data["steps"]!["fan"]!["output"]!["y"]!["text"]!.GetValue<string>());
        Assert.Equal("fan", data["steps"]!["fan"]!["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_branch_of_one_tool_step_runs_in_the_runs_orchestration_and_both_such_branches_follow_suspend_and_resume()
    {
        static JsonObject Retried(JsonObject step)
        {
            step["retry"] = new JsonObject { ["maxAttempts"] = 2, ["delaySeconds"] = 2 };
            return step;
        }
        var fan = new JsonObject
        {
            ["id"] = "fan", ["kind"] = "parallel",
            ["branches"] = new JsonArray(
                new JsonObject { ["id"] = "x", ["steps"] = new JsonArray(Retried(Tool("x1", "X"))) },
                new JsonObject { ["id"] = "y", ["steps"] = new JsonArray(Retried(Tool("y1", "Y"))) },
                new JsonObject { ["id"] = "z", ["steps"] = new JsonArray(Tool("z1", "Z"), Tool("z2", "{{/steps/z1/output/text}}2")) }),
        };
        var (script, finish) = await RunAsync(Definition(fan, Tool("after", "{{/steps/fan/output/x/text}}{{/steps/fan/output/y/text}}{{/steps/fan/output/z/text}}")),
            setup: s => (s.FailFirst["x1"], s.FailFirst["y1"]) = (1, 1),
            steer: async (client, id, run) =>
            {
                // Both one-step branches failed once and wait out their retry's delay side by side in the run's
                // orchestration, where each signal wakes both waits.
                await CalledAsync(run, "fan/x/x1#1");
                await CalledAsync(run, "fan/y/y1#1");
                await client.RaiseEventAsync(id, WorkflowNames.ControlEvent, new ControlSignal(ControlSignal.Suspend));
                await client.RaiseEventAsync(id, WorkflowNames.ControlEvent, new ControlSignal(ControlSignal.Resume));
            });
        Assert.Equal(FlowState.Completed, finish.State);
        Assert.Equal("XYZ2", finish.Output!.Value.GetProperty("text").GetString());
        // Only the two-step branch became a sub-orchestration.
        Assert.Equal(["fan/z/"], script.Flows);
        Assert.Equal(["fan/x/x1#1", "fan/x/x1#2", "fan/y/y1#1", "fan/y/y1#2"], script.Calls.Where(c => c.StartsWith("fan/x/") || c.StartsWith("fan/y/")).Order());

        // With a timeout, a parallel step keeps every branch a sub-orchestration, which a timeout can stop alone.
        var timed = (JsonObject)fan.DeepClone();
        timed["timeoutSeconds"] = 60;
        (script, finish) = await RunAsync(Definition(timed));
        Assert.Equal(FlowState.Completed, finish.State);
        Assert.Equal(["fan/x/", "fan/y/", "fan/z/"], script.Flows.Order());

        // A run loaded before branches ran inline has settings without it: its replays find the sub-orchestrations it started.
        (script, finish) = await RunAsync(Definition((JsonObject)fan.DeepClone()), settings: Settings with { InlineToolBranches = false });
        Assert.Equal(FlowState.Completed, finish.State);
        Assert.Equal(["fan/x/", "fan/y/", "fan/z/"], script.Flows.Order());
        Assert.False(JsonSerializer.Deserialize<EngineSettings>("""{"agentPollMs":50,"mapItemsPerExecution":2,"defaultApprovalSeconds":60}""", Json.Strict)!.InlineToolBranches);
    }

    [Fact]
    public async Task Cancel_ends_a_waiting_run()
    {
        var (script, finish) = await RunAsync(Definition(new JsonObject { ["id"] = "nap", ["kind"] = "delay", ["seconds"] = 600 }, Tool("never")),
            steer: async (client, id, run) =>
            {
                await CalledAsync(run, "record nap running");
                await client.RaiseEventAsync(id, WorkflowNames.ControlEvent, new ControlSignal(ControlSignal.Cancel));
            });
        Assert.Equal(FlowState.Cancelled, finish.State);
        Assert.Equal(["record nap running", "record nap cancelled"], script.Calls);

        // Cancel during a parallel step ends the run (its orchestration completes) without starting another step.
        var fan = new JsonObject
        {
            ["id"] = "fan", ["kind"] = "parallel",
            ["branches"] = new JsonArray(
                new JsonObject { ["id"] = "x", ["steps"] = new JsonArray(new JsonObject { ["id"] = "wait", ["kind"] = "delay", ["seconds"] = 600 }, Tool("never")) },
                new JsonObject { ["id"] = "y", ["steps"] = new JsonArray(Tool("quick")) }),
        };
        (script, finish) = await RunAsync(Definition(fan, Tool("after")), steer: async (client, id, run) =>
        {
            await CalledAsync(run, "fan/y/quick#1"); // the other branch is waiting out its delay
            await client.RaiseEventAsync(id, WorkflowNames.ControlEvent, new ControlSignal(ControlSignal.Cancel));
        });
        Assert.Equal(FlowState.Cancelled, finish.State);
        Assert.Contains("fan/y/quick#1", script.Calls);
        Assert.DoesNotContain(script.Calls, c => c.StartsWith("never") || c.StartsWith("after"));
    }

    [Fact]
    public async Task An_approval_fails_at_its_deadline_and_goes_on_with_the_decision()
    {
        var (script, finish) = await RunAsync(Definition(new JsonObject { ["id"] = "ok", ["kind"] = "approval", ["timeoutSeconds"] = 1 }, Tool("never")));
        Assert.Equal(FlowState.Failed, finish.State);
        Assert.Equal(["record ok waiting", "record ok failed"], script.Calls);
        Assert.Contains("No decision before the deadline", finish.Error);

        (script, finish) = await RunAsync(Definition(new JsonObject { ["id"] = "ok", ["kind"] = "approval", ["timeoutSeconds"] = 60 }, Tool("after", "{{/steps/ok/output/by}}")),
            steer: async (client, id, run) =>
            {
                await CalledAsync(run, "record ok waiting");
                await client.RaiseEventAsync(id, WorkflowNames.ApprovalEvent("ok"), new ApprovalSignal(true, "key-9", DateTimeOffset.UtcNow));
            });
        Assert.Equal(FlowState.Completed, finish.State);
        Assert.Equal("key-9", finish.Output!.Value.GetProperty("text").GetString());
    }
}
