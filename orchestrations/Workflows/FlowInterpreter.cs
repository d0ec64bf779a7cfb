using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Workflows;
using Marketplace.Workflows.Engine;
using Microsoft.DurableTask;

namespace Marketplace.Orchestrations.Workflows;

/// <summary>
/// Runs a flow of a workflow inside one orchestration, deterministically: every effect is an activity, every wait a
/// durable timer or an external event. Parallel branches and map items are sub-orchestrations, except a branch that
/// is a single tool step (<see cref="RunsInline"/>), which runs beside the others in this orchestration. While it
/// waits, it also listens for the run's control signals (cancel, suspend, resume) and passes them on to its children.
/// </summary>
public sealed class FlowInterpreter
{
    /// <summary>Activities are retried on infrastructure faults (storage blips); a step's own failures come back as outcomes.</summary>
    public static readonly TaskOptions Infrastructure = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromSeconds(1), backoffCoefficient: 2));
    static readonly TimeSpan MaxPollInterval = TimeSpan.FromSeconds(60);

    readonly TaskOrchestrationContext context;
    readonly RunCaller caller;
    readonly EngineSettings settings;
    readonly HashSet<string> children = [];
    Task<ControlSignal> control;
    bool suspended;

    public FlowInterpreter(TaskOrchestrationContext context, RunCaller caller, EngineSettings settings)
    {
        (this.context, this.caller, this.settings) = (context, caller, settings);
        control = context.WaitForExternalEvent<ControlSignal>(WorkflowNames.ControlEvent);
    }

    public bool Cancelled { get; private set; }

    enum Wait { Done, TimedOut, Cancelled }

    sealed record StepResult(StepState State, JsonElement? Output, string? Error);

    public async Task<FlowResult> RunFlowAsync(IReadOnlyList<WorkflowStep> steps, string prefix, JsonObject data)
    {
        var completed = new List<(WorkflowStep Step, string Path)>();
        JsonElement? last = null;
        var index = 0;
        while (index < steps.Count)
        {
            if (!await PauseWhileSuspendedAsync()) return new FlowResult(FlowState.Cancelled, null);
            var step = steps[index];
            var path = prefix + step.Id;
            var result = await RunWithRetriesAsync(step, path, data);
            if (result.State == StepState.Cancelled || Cancelled) return new FlowResult(FlowState.Cancelled, null) { Error = result.Error };
            if (result.State == StepState.Failed)
            {
                switch (step.OnFailure ?? OnFailure.Fail)
                {
                    case OnFailure.Continue:
                        SetOutput(data, step.Id, path, null);
                        break;
                    case OnFailure.Compensate:
                        var undone = await CompensateAsync(completed, data);
                        return new FlowResult(undone ? FlowState.Compensated : FlowState.Failed, null) { Error = $"Step '{path}' failed: {result.Error}" };
                    default:
                        return new FlowResult(FlowState.Failed, null) { Error = $"Step '{path}' failed: {result.Error}" };
                }
            }
            else
            {
                SetOutput(data, step.Id, path, result.Output);
                completed.Add((step, path));
                last = result.Output;
            }
            var next = step.Kind == StepKind.Condition ? (IsTrue(result.Output) ? step.Then : step.Else) : step.Next;
            index = next switch
            {
                null => index + 1,
                "end" => steps.Count,
                _ => steps.Select((s, i) => (s, i)).First(x => x.s.Id == next).i,
            };
        }
        return new FlowResult(FlowState.Completed, last);
    }

    /// <summary>Undoes the completed steps that say how, newest first; false if an undo failed.</summary>
    async Task<bool> CompensateAsync(List<(WorkflowStep Step, string Path)> completed, JsonObject data)
    {
        var ok = true;
        foreach (var (step, path) in Enumerable.Reverse(completed))
        {
            if (step.Compensate is not { } undo) continue;
            var result = await RunFlowAsync(undo, path + "~compensate/", data);
            // A failed undo shows in the compensation's own steps; the step itself is marked only when undone.
            if (result.State == FlowState.Completed) await RecordAsync(new StepRecord(caller, path, step.Kind, StepState.Compensated, 0));
            ok &= result.State == FlowState.Completed;
        }
        return ok;
    }

    async Task<StepResult> RunWithRetriesAsync(WorkflowStep step, string path, JsonObject data)
    {
        var attempts = step.Kind is StepKind.Approval or StepKind.Delay ? 1 : step.Retry?.MaxAttempts ?? 1;
        var delay = TimeSpan.FromSeconds(step.Retry?.DelaySeconds ?? 1);
        for (var attempt = 1; ; attempt++)
        {
            var result = await RunOnceAsync(step, path, attempt, data);
            if (result.State != StepState.Failed || attempt >= attempts) return result;
            if (await SleepAsync(delay, null) == Wait.Cancelled) return new StepResult(StepState.Cancelled, null, null);
            delay *= step.Retry!.BackoffCoefficient;
        }
    }

    Task<StepResult> RunOnceAsync(WorkflowStep step, string path, int attempt, JsonObject data) => step.Kind switch
    {
        StepKind.Agent => AgentAsync(step, path, attempt, data),
        StepKind.Tool => ToolAsync(step, path, attempt, data),
        StepKind.Condition => ConditionAsync(step, path, attempt, data),
        StepKind.Parallel => ParallelAsync(step, path, attempt, data),
        StepKind.Map => MapAsync(step, path, attempt, data),
        StepKind.Approval => ApprovalAsync(step, path, data),
        _ => DelayAsync(step, path),
    };

    async Task<StepResult> AgentAsync(WorkflowStep step, string path, int attempt, JsonObject data)
    {
        var deadline = Deadline(step);
        var start = context.CallActivityAsync<StepOutcome>(nameof(AgentStepActivity), new StepCall(caller, path, attempt, step, Snapshot(data)), Infrastructure);
        var waited = await WaitAsync(start, deadline);
        // The task id is known only once the send returns; wait for it so a cancel or timeout can reach the task.
        var outcome = await start;
        var interval = TimeSpan.FromMilliseconds(settings.AgentPollMs);
        while (outcome.State == StepState.Running && outcome.TaskId is { } taskId)
        {
            if (waited == Wait.Done)
            {
                waited = await SleepAsync(interval, deadline);
                // Long tasks are looked at less often, so their history stays short.
                interval = TimeSpan.FromTicks(Math.Min(MaxPollInterval.Ticks, (long)(interval.Ticks * 1.5)));
            }
            var check = new AgentTaskCheck(caller, path, attempt, step.Agent!, taskId, Cancel: waited != Wait.Done)
            {
                Reason = waited == Wait.TimedOut ? $"No result within {step.TimeoutSeconds} s." : "The run was cancelled.",
            };
            outcome = await context.CallActivityAsync<StepOutcome>(nameof(AgentTaskActivity), check, Infrastructure);
            if (check.Cancel) return Ended(waited, step, outcome);
        }
        return waited == Wait.Done ? new StepResult(outcome.State, outcome.Output, outcome.Error) : Ended(waited, step, outcome);
    }

    static StepResult Ended(Wait waited, WorkflowStep step, StepOutcome outcome) => waited switch
    {
        Wait.Cancelled => new StepResult(StepState.Cancelled, null, outcome.Error),
        Wait.TimedOut => new StepResult(StepState.Failed, null, $"No result within {step.TimeoutSeconds} s."),
        _ => new StepResult(outcome.State, outcome.Output, outcome.Error),
    };

    async Task<StepResult> ToolAsync(WorkflowStep step, string path, int attempt, JsonObject data)
    {
        var call = context.CallActivityAsync<StepOutcome>(nameof(ToolStepActivity), new StepCall(caller, path, attempt, step, Snapshot(data)), Infrastructure);
        return await WaitAsync(call, Deadline(step)) switch
        {
            Wait.Cancelled => new StepResult(StepState.Cancelled, null, null),
            Wait.TimedOut => await FailAsync(step, path, attempt, $"No result within {step.TimeoutSeconds} s."),
            _ => new StepResult(call.Result.State, call.Result.Output, call.Result.Error),
        };
    }

    async Task<StepResult> ConditionAsync(WorkflowStep step, string path, int attempt, JsonObject data)
    {
        var outcome = await context.CallActivityAsync<StepOutcome>(nameof(ConditionActivity), new StepCall(caller, path, attempt, step, Snapshot(data)), Infrastructure);
        return new StepResult(outcome.State, outcome.Output, outcome.Error);
    }

    async Task<StepResult> DelayAsync(WorkflowStep step, string path)
    {
        await RecordAsync(new StepRecord(caller, path, StepKind.Delay, StepState.Running, 1));
        var waited = await SleepAsync(TimeSpan.FromSeconds(step.Seconds!.Value), null);
        var state = waited == Wait.Cancelled ? StepState.Cancelled : StepState.Completed;
        await RecordAsync(new StepRecord(caller, path, StepKind.Delay, state, 1));
        return new StepResult(state, null, null);
    }

    async Task<StepResult> ApprovalAsync(WorkflowStep step, string path, JsonObject data)
    {
        var deadline = context.CurrentUtcDateTime.AddSeconds(step.TimeoutSeconds ?? settings.DefaultApprovalSeconds);
        var prompt = step.Prompt is { } p ? DataRefs.Text(DataRefs.Resolve(JsonSerializer.SerializeToElement(p), Snapshot(data))) : null;
        await RecordAsync(new StepRecord(caller, path, StepKind.Approval, StepState.Waiting, 1)
        {
            InstanceId = context.InstanceId, Deadline = new DateTimeOffset(deadline, TimeSpan.Zero), Prompt = prompt,
        });
        var decision = context.WaitForExternalEvent<ApprovalSignal>(WorkflowNames.ApprovalEvent(path));
        var waited = await WaitAsync(decision, deadline);
        if (waited == Wait.Cancelled)
        {
            await RecordAsync(new StepRecord(caller, path, StepKind.Approval, StepState.Cancelled, 1));
            return new StepResult(StepState.Cancelled, null, null);
        }
        if (waited == Wait.TimedOut) return await FailAsync(step, path, 1, "No decision before the deadline.");
        var d = decision.Result;
        var output = JsonSerializer.SerializeToElement(new JsonObject { ["approved"] = d.Approved, ["by"] = d.By, ["comment"] = d.Comment, ["at"] = d.At });
        var state = d.Approved ? StepState.Completed : StepState.Failed;
        var error = d.Approved ? null : $"Rejected by {d.By}{(d.Comment is { Length: > 0 } c ? ": " + c : ".")}";
        var stored = await RecordAsync(new StepRecord(caller, path, StepKind.Approval, state, 1) { Output = output, Error = error });
        return new StepResult(state, stored, error);
    }

    async Task<StepResult> ParallelAsync(WorkflowStep step, string path, int attempt, JsonObject data)
    {
        var running = RecordRunningAsync(path, StepKind.Parallel, attempt);
        var branches = step.Branches!.Select(b =>
        {
            var prefix = $"{path}/{b.Id}/";
            if (settings.InlineToolBranches && RunsInline(step, b)) return (Key: b.Id, Id: (string?)null, Task: RunFlowAsync(b.Steps, prefix, (JsonObject)data.DeepClone()));
            var id = ChildId(path + "/" + b.Id, attempt);
            children.Add(id);
            var flow = new FlowInput(caller, settings, prefix, b.Steps, Snapshot(data));
            return (Key: b.Id, Id: id, Task: context.CallSubOrchestratorAsync<FlowResult>(WorkflowNames.Flow, flow, new TaskOptions().WithInstanceId(id)));
        }).ToList();
        var waited = await WaitAsync(Task.WhenAll(branches.Select(b => b.Task)), Deadline(step));
        await running;
        return await FanInAsync(step, path, attempt, waited, branches,
            results => JsonSerializer.SerializeToElement(new JsonObject(results.Select(r => KeyValuePair.Create(r.Key, Node(r.Value.Output))))));
    }

    async Task<StepResult> MapAsync(WorkflowStep step, string path, int attempt, JsonObject data)
    {
        var running = RecordRunningAsync(path, StepKind.Map, attempt);
        var id = ChildId(path, attempt);
        children.Add(id);
        var map = context.CallSubOrchestratorAsync<FlowResult>(WorkflowNames.Map,
            new MapInput(caller, settings, path, step, Snapshot(data), 0, []) { Attempt = attempt }, new TaskOptions().WithInstanceId(id));
        var waited = await WaitAsync(map, Deadline(step));
        await running;
        return await FanInAsync(step, path, attempt, waited, [("map", (string?)id, map)], results => results["map"].Output ?? JsonSerializer.SerializeToElement(new JsonArray()));
    }

    /// <summary>
    /// A branch that is a single tool step, of a parallel step without a timeout, runs in this orchestration rather than
    /// as a sub-orchestration of its own: it saves the child's start message and its two episodes (start, and the end
    /// of its one activity), a third of a fan-out's episodes, and adds to this history only what the step itself would
    /// (one activity, and a retry's timers). It needs no signal of its own: the run's cancel and suspend reach it
    /// through this interpreter. A timeout would have to stop it alone, so a parallel step with one keeps its children.
    /// </summary>
    /// <remarks>
    /// Only for runs whose settings say so (<see cref="EngineSettings.InlineToolBranches"/>): a run loaded before
    /// started sub-orchestrations, which its replays must find again.
    /// </remarks>
    static bool RunsInline(WorkflowStep parallel, WorkflowBranch branch) =>
        parallel.TimeoutSeconds is null && branch.Steps is [{ Kind: StepKind.Tool }];

    /// <summary>
    /// Ends a step that waited for its branches or items (sub-orchestrations, or flows run here, which have no
    /// instance id): all completed, or the first failure, cancel or timeout.
    /// </summary>
    async Task<StepResult> FanInAsync(WorkflowStep step, string path, int attempt, Wait waited, List<(string Key, string? Id, Task<FlowResult> Task)> runs,
        Func<Dictionary<string, FlowResult>, JsonElement> output)
    {
        foreach (var run in runs) if (run.Id is { } id) children.Remove(id);
        if (waited != Wait.Done)
        {
            // The children stop at their next step; cancelling on timeout too keeps them from running on unseen. Flows
            // run here are cancelled with the run, and never face a timeout (see RunsInline).
            foreach (var run in runs.Where(r => !r.Task.IsCompleted && r.Id is not null)) context.SendEvent(run.Id!, WorkflowNames.ControlEvent, new ControlSignal(ControlSignal.Cancel));
            if (waited == Wait.Cancelled)
            {
                await RecordAsync(new StepRecord(caller, path, step.Kind, StepState.Cancelled, attempt));
                return new StepResult(StepState.Cancelled, null, null);
            }
            return await FailAsync(step, path, attempt, $"Not finished within {step.TimeoutSeconds} s.");
        }
        var results = runs.ToDictionary(r => r.Key, r => r.Task.Result);
        if (results.Values.Any(r => r.State == FlowState.Cancelled))
        {
            await RecordAsync(new StepRecord(caller, path, step.Kind, StepState.Cancelled, attempt));
            return new StepResult(StepState.Cancelled, null, null);
        }
        if (results.Where(r => r.Value.State != FlowState.Completed).Select(r => $"{r.Key}: {r.Value.Error}").ToList() is { Count: > 0 } failures)
            return await FailAsync(step, path, attempt, string.Join("; ", failures));
        var stored = await RecordAsync(new StepRecord(caller, path, step.Kind, StepState.Completed, attempt) { Output = output(results) });
        return new StepResult(StepState.Completed, stored, null);
    }

    async Task<StepResult> FailAsync(WorkflowStep step, string path, int attempt, string error)
    {
        await RecordAsync(new StepRecord(caller, path, step.Kind, StepState.Failed, attempt) { Error = error });
        return new StepResult(StepState.Failed, null, error);
    }

    /// <summary>
    /// Records that a parallel or map step has started, without holding up its children: the record and the
    /// sub-orchestrations are scheduled in one episode instead of one after the other, which takes a round trip
    /// through the backend off the step's path. The caller awaits it before recording how the step ended, so the
    /// running record can never land after the end.
    /// </summary>
    Task<JsonElement?> RecordRunningAsync(string path, StepKind kind, int attempt) =>
        RecordAsync(new StepRecord(caller, path, kind, StepState.Running, attempt));

    async Task<JsonElement?> RecordAsync(StepRecord record) =>
        (await context.CallActivityAsync<RecordedStep>(nameof(RecordStepActivity), record, Infrastructure)).Output;

    /// <summary>Waits for <paramref name="work"/>, a deadline or cancellation, handling suspend/resume on the way.</summary>
    async Task<Wait> WaitAsync(Task work, DateTime? deadline)
    {
        if (Cancelled) return Wait.Cancelled;
        using var timerCancel = new CancellationTokenSource();
        var timer = deadline is { } d ? context.CreateTimer(d, timerCancel.Token) : null;
        try
        {
            while (true)
            {
                var listening = control;
                var done = timer is null ? await Task.WhenAny(work, listening) : await Task.WhenAny(work, listening, timer);
                if (done == work) return Wait.Done;
                if (done == timer) return Wait.TimedOut;
                if (HandleControl(listening)) return Wait.Cancelled;
            }
        }
        finally
        {
            timerCancel.Cancel();
        }
    }

    /// <summary>
    /// A durable sleep that a deadline or cancel can cut short. The timer is then cancelled too: a timer still
    /// pending would keep the orchestration from completing until it fires.
    /// </summary>
    async Task<Wait> SleepAsync(TimeSpan duration, DateTime? deadline)
    {
        using var cancel = new CancellationTokenSource();
        var waited = await WaitAsync(context.CreateTimer(context.CurrentUtcDateTime + duration, cancel.Token), deadline);
        if (waited != Wait.Done) cancel.Cancel();
        return waited;
    }

    /// <summary>Between steps, a suspended run waits for resume (or cancel); steps already running go on.</summary>
    async Task<bool> PauseWhileSuspendedAsync()
    {
        while (suspended && !Cancelled)
        {
            var listening = control;
            await listening;
            HandleControl(listening);
        }
        return !Cancelled;
    }

    /// <summary>Applies the signal that arrived, passes it to running children, and listens for the next; true once cancelled.</summary>
    /// <param name="seen">The wait for a signal that completed. Flows run side by side here (a parallel step's branches
    /// run inline) all see the same signal; the first to wake applies it, the others only learn whether it cancelled.</param>
    bool HandleControl(Task<ControlSignal> seen)
    {
        if (seen != control) return Cancelled;
        var signal = seen.Result;
        control = context.WaitForExternalEvent<ControlSignal>(WorkflowNames.ControlEvent);
        foreach (var child in children) context.SendEvent(child, WorkflowNames.ControlEvent, signal);
        switch (signal.Action)
        {
            case ControlSignal.Cancel:
                Cancelled = true;
                return true;
            case ControlSignal.Suspend:
                suspended = true;
                break;
            case ControlSignal.Resume:
                suspended = false;
                break;
        }
        return false;
    }

    /// <summary>Waits for any of the tasks (map items), handling control signals; false when cancelled.</summary>
    public async Task<bool> WaitAnyAsync(IReadOnlyList<Task> tasks)
    {
        if (Cancelled) return false;
        while (true)
        {
            var listening = control;
            var done = await Task.WhenAny([.. tasks, listening]);
            if (done != listening) return true;
            if (HandleControl(listening)) return false;
        }
    }

    public void AddChild(string instanceId) => children.Add(instanceId);

    public void RemoveChild(string instanceId) => children.Remove(instanceId);

    public void CancelChildren()
    {
        foreach (var child in children) context.SendEvent(child, WorkflowNames.ControlEvent, new ControlSignal(ControlSignal.Cancel));
    }

    DateTime? Deadline(WorkflowStep step) => step.TimeoutSeconds is { } t ? context.CurrentUtcDateTime.AddSeconds(t) : null;

    /// <summary>Child instance ids are derived from the run, the step path and the attempt, so replays find the same children.</summary>
    public string ChildId(string path, int attempt) =>
        $"{caller.RunId}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{path}#{attempt}")))[..16]}";

    public static void SetOutput(JsonObject data, string id, string path, JsonElement? output)
    {
        var steps = (JsonObject)data["steps"]!;
        steps[id] = new JsonObject { ["output"] = Node(output), ["path"] = path };
    }

    public static JsonElement Snapshot(JsonObject data) => JsonSerializer.SerializeToElement(data);

    public static JsonNode? Node(JsonElement? value) => value is { } v ? JsonNode.Parse(v.GetRawText()) : null;

    static bool IsTrue(JsonElement? output) =>
        output is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty("result", out var r) && r.ValueKind == JsonValueKind.True;
}
