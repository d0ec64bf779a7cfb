using System.Text.Json.Nodes;
using Marketplace.Workflows.Engine;
using Microsoft.DurableTask;

namespace Marketplace.Orchestrations.Workflows;

/// <summary>A nested flow of a run (a parallel branch or a map item) as its own orchestration.</summary>
public static class WorkflowFlowOrchestration
{
    public static Task<FlowResult> RunAsync(TaskOrchestrationContext context, FlowInput input)
    {
        var data = JsonNode.Parse(input.Data.GetRawText())!.AsObject();
        return new FlowInterpreter(context, input.Caller, input.Settings).RunFlowAsync(input.Steps, input.Prefix, data);
    }
}
