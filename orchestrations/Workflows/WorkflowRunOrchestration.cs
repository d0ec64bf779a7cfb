using System.Text.Json.Nodes;
using Marketplace.Workflows;
using Marketplace.Workflows.Engine;
using Microsoft.DurableTask;

namespace Marketplace.Orchestrations.Workflows;

/// <summary>A workflow run: load the definition it is bound to, interpret its steps, record how it ended.</summary>
public static class WorkflowRunOrchestration
{
    public static async Task<RunState> RunAsync(TaskOrchestrationContext context, RunRef run)
    {
        var loaded = await context.CallActivityAsync<LoadedRun>(nameof(LoadRunActivity), run, FlowInterpreter.Infrastructure);
        var data = new JsonObject { ["input"] = FlowInterpreter.Node(loaded.Input), ["steps"] = new JsonObject() };
        var interpreter = new FlowInterpreter(context, loaded.Caller, loaded.Settings);
        var result = await interpreter.RunFlowAsync(loaded.Definition.Steps, "", data);
        return await context.CallActivityAsync<RunState>(nameof(FinishRunActivity), new RunFinish(run, result.State, FlowInterpreter.Snapshot(data))
        {
            Output = result.Output,
            OutputTemplate = loaded.Definition.Output,
            Error = result.Error,
        }, FlowInterpreter.Infrastructure);
    }
}
