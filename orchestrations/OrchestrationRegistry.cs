using Marketplace.A2A.Lifecycle;
using Marketplace.A2A.Push;
using Marketplace.Orchestrations.A2A;
using Marketplace.Orchestrations.Workflows;
using Marketplace.Workflows;
using Marketplace.Workflows.Engine;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Orchestrations;

/// <summary>
/// Registers every orchestrator and activity body with the Durable Task worker. The standalone host calls
/// <see cref="Register"/>; in Azure each body is reached through a one-line <c>[Function]</c> wrapper instead, which
/// gets the activity classes from DI (<see cref="AddActivities"/>).
/// </summary>
public static class OrchestrationRegistry
{
    public static void Register(DurableTaskRegistry registry)
    {
        registry.AddOrchestratorFunc<TaskLifecycleInput, Marketplace.A2A.Protocol.TaskState>(DurableTaskLifecycle.OrchestrationName, TaskLifecycleOrchestration.RunAsync);
        registry.AddActivity<FollowTaskActivity>();
        registry.AddActivity<ExpireTaskActivity>();
        registry.AddActivity<RecordTaskUsageActivity>();
        registry.AddOrchestratorFunc<PushNotifierInput, int>(PushNames.Orchestration, PushNotifierOrchestration.RunAsync);
        registry.AddActivity<ListPushTargetsActivity>();
        registry.AddActivity<DeliverPushActivity>();
        registry.AddOrchestratorFunc<RunRef, RunState>(WorkflowNames.Run, WorkflowRunOrchestration.RunAsync);
        registry.AddOrchestratorFunc<FlowInput, FlowResult>(WorkflowNames.Flow, WorkflowFlowOrchestration.RunAsync);
        registry.AddOrchestratorFunc<MapInput, FlowResult>(WorkflowNames.Map, WorkflowMapOrchestration.RunAsync);
        registry.AddActivity<LoadRunActivity>();
        registry.AddActivity<FinishRunActivity>();
        registry.AddActivity<AgentStepActivity>();
        registry.AddActivity<AgentTaskActivity>();
        registry.AddActivity<ToolStepActivity>();
        registry.AddActivity<ConditionActivity>();
        registry.AddActivity<MapItemsActivity>();
        registry.AddActivity<RecordStepActivity>();
    }

    public static IServiceCollection AddActivities(this IServiceCollection services) => services
        .AddTransient<FollowTaskActivity>()
        .AddTransient<ExpireTaskActivity>()
        .AddTransient<RecordTaskUsageActivity>()
        .AddTransient<ListPushTargetsActivity>()
        .AddTransient<DeliverPushActivity>()
        .AddTransient<LoadRunActivity>()
        .AddTransient<FinishRunActivity>()
        .AddTransient<AgentStepActivity>()
        .AddTransient<AgentTaskActivity>()
        .AddTransient<ToolStepActivity>()
        .AddTransient<ConditionActivity>()
        .AddTransient<MapItemsActivity>()
        .AddTransient<RecordStepActivity>();
}
