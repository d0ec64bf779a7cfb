using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Workflows.Engine;
using Microsoft.DurableTask;

namespace Marketplace.Orchestrations.Workflows;

/// <summary>
/// A map step: its body runs once per item as a sub-orchestration, at most <c>maxConcurrency</c> at a time. After
/// <see cref="EngineSettings.MapItemsPerExecution"/> items it continues as new with the outputs so far, so a long
/// map never builds an unbounded history.
/// </summary>
public static class WorkflowMapOrchestration
{
    public static async Task<FlowResult> RunAsync(TaskOrchestrationContext context, MapInput input)
    {
        var interpreter = new FlowInterpreter(context, input.Caller, input.Settings);
        var call = new StepCall(input.Caller, input.StepPath, input.Attempt, input.Step, input.Data);
        var window = await context.CallActivityAsync<ItemsWindow>(nameof(MapItemsActivity), new ItemsRequest(call, input.Next, input.Settings.MapItemsPerExecution), FlowInterpreter.Infrastructure);
        if (window.Error is { } error) return new FlowResult(FlowState.Failed, null) { Error = error };

        var outputs = input.Outputs.ToList();
        var concurrency = input.Step.MaxConcurrency ?? 1;
        var running = new List<(int Index, string Id, Task<FlowResult> Task)>();
        var results = new SortedDictionary<int, FlowResult>();
        for (var i = 0; i < window.Items.Count || running.Count > 0;)
        {
            if (i < window.Items.Count && running.Count < concurrency)
            {
                var index = input.Next + i;
                var data = JsonNode.Parse(input.Data.GetRawText())!.AsObject();
                data["item"] = FlowInterpreter.Node(window.Items[i]);
                data["index"] = index;
                var id = interpreter.ChildId($"{input.StepPath}[{index}]", input.Attempt);
                interpreter.AddChild(id);
                var flow = new FlowInput(input.Caller, input.Settings, $"{input.StepPath}[{index}]/", input.Step.Steps!, FlowInterpreter.Snapshot(data));
                running.Add((index, id, context.CallSubOrchestratorAsync<FlowResult>(WorkflowNames.Flow, flow, new TaskOptions().WithInstanceId(id))));
                i++;
                continue;
            }
            if (!await interpreter.WaitAnyAsync(running.Select(r => (Task)r.Task).ToList())) return new FlowResult(FlowState.Cancelled, null);
            foreach (var done in running.Where(r => r.Task.IsCompleted).ToList())
            {
                running.Remove(done);
                interpreter.RemoveChild(done.Id);
                results[done.Index] = done.Task.Result;
                if (done.Task.Result.State != FlowState.Completed)
                {
                    interpreter.CancelChildren();
                    var state = done.Task.Result.State == FlowState.Cancelled ? FlowState.Cancelled : FlowState.Failed;
                    return new FlowResult(state, null) { Error = $"Item {done.Index}: {done.Task.Result.Error}" };
                }
            }
        }
        outputs.AddRange(results.Values.Select(r => r.Output ?? JsonSerializer.SerializeToElement<object?>(null)));

        var next = input.Next + window.Items.Count;
        if (next < window.Total)
        {
            context.ContinueAsNew(input with { Next = next, Outputs = outputs }, preserveUnprocessedEvents: true);
            return new FlowResult(FlowState.Completed, null);
        }
        return new FlowResult(FlowState.Completed, JsonSerializer.SerializeToElement(outputs));
    }
}
