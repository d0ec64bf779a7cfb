using Marketplace.Orchestrations.Workflows;
using Marketplace.Workflows;
using Marketplace.Workflows.Engine;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Durable;

public static class WorkflowOrchestrationFunctions
{
    [Function(WorkflowNames.Run)]
    public static Task<RunState> Run([OrchestrationTrigger] TaskOrchestrationContext context) =>
        WorkflowRunOrchestration.RunAsync(context, context.GetInput<RunRef>()!);

    [Function(WorkflowNames.Flow)]
    public static Task<FlowResult> Flow([OrchestrationTrigger] TaskOrchestrationContext context) =>
        WorkflowFlowOrchestration.RunAsync(context, context.GetInput<FlowInput>()!);

    [Function(WorkflowNames.Map)]
    public static Task<FlowResult> Map([OrchestrationTrigger] TaskOrchestrationContext context) =>
        WorkflowMapOrchestration.RunAsync(context, context.GetInput<MapInput>()!);
}

public sealed class WorkflowActivityFunctions(
    LoadRunActivity load, FinishRunActivity finish, AgentStepActivity agentStep, AgentTaskActivity agentTask, ToolStepActivity toolStep,
    ConditionActivity condition, MapItemsActivity items, RecordStepActivity record)
{
    [Function(nameof(LoadRunActivity))]
    public Task<LoadedRun> Load([ActivityTrigger] RunRef input) => load.RunAsync(input);

    [Function(nameof(FinishRunActivity))]
    public Task<RunState> Finish([ActivityTrigger] RunFinish input) => finish.RunAsync(input);

    [Function(nameof(AgentStepActivity))]
    public Task<StepOutcome> AgentStep([ActivityTrigger] StepCall input, [DurableClient] DurableTaskClient durable) => agentStep.RunAsync(input, durable);

    [Function(nameof(AgentTaskActivity))]
    public Task<StepOutcome> AgentTask([ActivityTrigger] AgentTaskCheck input, [DurableClient] DurableTaskClient durable) => agentTask.RunAsync(input, durable);

    [Function(nameof(ToolStepActivity))]
    public Task<StepOutcome> ToolStep([ActivityTrigger] StepCall input, [DurableClient] DurableTaskClient durable) => toolStep.RunAsync(input, durable);

    [Function(nameof(ConditionActivity))]
    public Task<StepOutcome> Condition([ActivityTrigger] StepCall input) => condition.RunAsync(input);

    [Function(nameof(MapItemsActivity))]
    public Task<ItemsWindow> Items([ActivityTrigger] ItemsRequest input) => items.RunAsync(input);

    [Function(nameof(RecordStepActivity))]
    public Task<RecordedStep> Record([ActivityTrigger] StepRecord input) => record.RunAsync(input);
}
