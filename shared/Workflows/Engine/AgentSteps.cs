using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.A2A.Gateway;
using Marketplace.A2A.Protocol;
using Marketplace.Errors;
using Marketplace.Hosting;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Marketplace.Workflows.Engine;

/// <summary>
/// Agent steps go through the marketplace's own A2A gateway as the run's starter, so billing, tenant isolation and
/// task tracking are the gateway's. Each attempt has a message id and a context id derived from run, step and
/// attempt: if the activity runs again (a retry, a replay after a crash), it finds the task it already started in
/// that context instead of starting a second one. The activity's Durable client starts and signals the tasks' lifecycles.
/// </summary>
public sealed class AgentSteps(
    GatewayHandlerFactory gateway, StepTasks tasks, RunStore runs, StepRecorder recorder, Payloads payloads, IOptions<MarketplaceOptions> marketplace, TimeProvider clock)
{
    public async Task<StepOutcome> StartAsync(StepCall call, DurableTaskClient durable, CancellationToken ct)
    {
        var (caller, step) = (call.Caller, call.Step);
        // Read together: one round trip. The run's state matters only when the step has no task yet, the usual case.
        var reading = runs.GetStepAsync(caller.TenantId, caller.RunId, call.StepPath, ct);
        var checking = runs.IsOverAsync(caller.TenantId, caller.RunId, ct);
        await Task.WhenAll(reading, checking);
        var stored = reading.Result;
        if (stored is { TaskId: { } known } && stored.Attempt == call.Attempt)
        {
            await tasks.EnsureFollowedAsync(caller.TenantId, known, durable, ct);
            return await CheckAsync(new AgentTaskCheck(caller, call.StepPath, call.Attempt, step.Agent!, known, Cancel: false), durable, ct);
        }
        if (checking.Result) return new StepOutcome(StepState.Cancelled, null) { Error = "The run was cancelled." };

        var key = caller.StepKey(call.StepPath, call.Attempt);
        var contextId = "wfc-" + key;
        var data = await payloads.ExpandAsync(caller.TenantId, caller.RunId, call.Data, ct);
        var template = new RunStep(call.StepPath, StepKind.Agent, StepState.Running, call.Attempt, clock.GetUtcNow())
        {
            AgentId = step.Agent, SkillId = step.Skill, DependsOn = StepRecorder.DependsOn(step, call.Data),
        };
        try
        {
            var handler = await gateway.CreateForCallerAsync(caller.AsCaller(), step.Agent!, BaseUrl, durable, ct);
            var earlier = await handler.ListTasksAsync(new ListTasksRequest { ContextId = contextId, PageSize = 1, IncludeArtifacts = true }, ct);
            AgentTask task;
            if (earlier.Tasks.Count > 0)
            {
                task = earlier.Tasks[0];
                await tasks.EnsureFollowedAsync(caller.TenantId, task.Id, durable, ct);
            }
            else
            {
                // Not blocking: the activity stays short, and the orchestration follows the task with durable timers.
                var response = await handler.SendMessageAsync(new SendMessageRequest(Message(step, data, "wfm-" + key, contextId))
                {
                    Configuration = new SendMessageConfiguration { ReturnImmediately = true },
                }, ct);
                if (response.Message is { } reply)
                    return await FinishAsync(call.Caller, call.StepPath, call.Attempt, template, StepState.Completed, Output(reply.Parts, null, null), null, ct);
                task = response.Task!;
            }
            return await RecordTaskAsync(call.Caller, call.StepPath, call.Attempt, template with { TaskId = task.Id }, task, ct);
        }
        catch (A2AError error)
        {
            return await FinishAsync(call.Caller, call.StepPath, call.Attempt, template, StepState.Failed, null, $"The agent could not be called: {error.Message}", ct);
        }
        catch (DomainException refusal)
        {
            // The gateway's own refusals (credit, quota) before the agent is contacted.
            return await FinishAsync(call.Caller, call.StepPath, call.Attempt, template, StepState.Failed, null, $"The agent could not be called: {refusal.Error.Detail}", ct);
        }
    }

    /// <summary>Looks at (or cancels) the step's task and records where it stands.</summary>
    public async Task<StepOutcome> CheckAsync(AgentTaskCheck check, DurableTaskClient durable, CancellationToken ct)
    {
        var stored = await runs.GetStepAsync(check.Caller.TenantId, check.Caller.RunId, check.StepPath, ct);
        var template = stored ?? new RunStep(check.StepPath, StepKind.Agent, StepState.Running, check.Attempt, clock.GetUtcNow()) { AgentId = check.AgentId, TaskId = check.TaskId };
        if (stored is { State: not (StepState.Running or StepState.Waiting) } && stored.Attempt == check.Attempt)
            return new StepOutcome(stored.State, stored.Output) { Error = stored.Error, TaskId = stored.TaskId };
        if (check.Cancel)
        {
            try
            {
                var handler = await gateway.CreateForCallerAsync(check.Caller.AsCaller(), check.AgentId, BaseUrl, durable, ct);
                await handler.CancelTaskAsync(new CancelTaskRequest(check.TaskId), ct);
            }
            catch (A2AError)
            {
                // Already finished, or the agent refuses: the step ends as cancelled for the run either way.
            }
            return await FinishAsync(check.Caller, check.StepPath, check.Attempt, template, StepState.Cancelled, null, check.Reason ?? "Cancelled.", ct);
        }
        var task = await tasks.GetAsync(check.Caller.TenantId, check.TaskId, ct);
        if (task is null) return await FinishAsync(check.Caller, check.StepPath, check.Attempt, template, StepState.Failed, null, $"Task {check.TaskId} is gone.", ct);
        return await RecordTaskAsync(check.Caller, check.StepPath, check.Attempt, template, task.Task.Task, ct);
    }

    async Task<StepOutcome> RecordTaskAsync(RunCaller caller, string path, int attempt, RunStep template, AgentTask task, CancellationToken ct)
    {
        var state = task.Status.State;
        var text = string.Join("\n", task.Status.Message?.Parts.Select(p => p.Text).Where(t => t is not null) ?? []);
        if (state == TaskState.Completed)
            return await FinishAsync(caller, path, attempt, template, StepState.Completed, Output((task.Artifacts ?? []).SelectMany(a => a.Parts).ToList(), task.Id, state), null, ct);
        if (state.IsTerminal())
            return await FinishAsync(caller, path, attempt, template, state == TaskState.Canceled ? StepState.Cancelled : StepState.Failed, null,
                $"The agent's task ended {state}{(text.Length > 0 ? ": " + text : ".")}", ct);
        if (state.IsInterrupted())
            // A workflow has nobody to answer the agent's question; the step fails (and may be retried).
            return await FinishAsync(caller, path, attempt, template, StepState.Failed, null, $"The agent asked for more input, which a workflow cannot give: {text}", ct);
        await recorder.RecordAsync(new StepRecord(caller, path, StepKind.Agent, StepState.Running, attempt), template, ct);
        return new StepOutcome(StepState.Running, null) { TaskId = task.Id };
    }

    async Task<StepOutcome> FinishAsync(RunCaller caller, string path, int attempt, RunStep template, StepState state, JsonElement? output, string? error, CancellationToken ct)
    {
        var stored = await recorder.RecordAsync(new StepRecord(caller, path, StepKind.Agent, state, attempt) { Output = output, Error = error }, template, ct);
        return new StepOutcome(state, stored) { Error = error, TaskId = template.TaskId };
    }

    string BaseUrl => PublicUrls.Base(marketplace.Value);

    /// <summary>A string message is a text part; any other value a data part. The skill travels in metadata, as for MCP skill tools.</summary>
    static Message Message(WorkflowStep step, JsonElement data, string messageId, string contextId)
    {
        var content = DataRefs.Resolve(step.Message!.Value, data);
        var part = content.ValueKind == JsonValueKind.String ? Part.FromText(content.GetString()!) : new Part { Data = content };
        return new Message(messageId, MessageRole.User, [part])
        {
            ContextId = contextId,
            Metadata = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["skill"] = step.Skill! }),
        };
    }

    /// <summary>A step's output: the text of its parts, the first data part, and the task.</summary>
    static JsonElement Output(IReadOnlyList<Part> parts, string? taskId, TaskState? state)
    {
        var output = new JsonObject { ["text"] = string.Join("\n", parts.Select(p => p.Text).Where(t => t is not null)) };
        if (parts.FirstOrDefault(p => p.Data is not null)?.Data is { } data) output["data"] = JsonNode.Parse(data.GetRawText());
        if (taskId is not null) output["taskId"] = taskId;
        if (state is { } s) output["state"] = s.ToString().ToLowerInvariant();
        return JsonSerializer.SerializeToElement(output);
    }
}
