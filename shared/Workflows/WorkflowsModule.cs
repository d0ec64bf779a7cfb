using Marketplace.Hosting;
using Marketplace.Workflows.Engine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Workflows;

public static class WorkflowsModule
{
    /// <summary>Definitions, runs and the step bodies the run orchestration's activities call.</summary>
    public static IServiceCollection AddWorkflows(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<WorkflowOptions>(configuration, WorkflowOptions.Section);
        services.AddSingleton<WorkflowStore>();
        services.AddSingleton<RunStore>();
        services.AddSingleton<Payloads>();
        services.AddSingleton<WorkflowValidator>();
        services.AddSingleton<WorkflowService>();
        services.AddSingleton<RunStartChecks>();
        services.AddSingleton<WorkflowRuns>();
        services.AddSingleton<WorkflowEndpoints>();
        services.AddSingleton<RunEndpoints>();
        services.AddSingleton<Agent.OrchestratorEndpoints>();
        services.AddSingleton<StepRecorder>();
        services.AddSingleton<StepTasks>();
        services.AddSingleton<AgentSteps>();
        services.AddSingleton<ToolSteps>();
        services.AddSingleton<ControlSteps>();
        services.AddSingleton<RunLifecycle>();
        return services;
    }
}
