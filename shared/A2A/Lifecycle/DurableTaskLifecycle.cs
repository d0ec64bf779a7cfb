using Marketplace.A2A.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Marketplace.A2A.Lifecycle;

/// <summary>
/// Schedules the lifecycle orchestration with the Durable Task client: the standalone host's (from DI) or, in Azure,
/// the one the Functions host binds to the current request (the wrapper puts it in the request's items).
/// </summary>
public sealed class DurableTaskLifecycle(IServiceProvider services, IHttpContextAccessor http, IOptions<LifecycleOptions> options, TimeProvider clock)
    : ITaskLifecycle
{
    public const string ClientItemKey = "Marketplace.DurableClient";
    public const string OrchestrationName = "TaskLifecycle";

    public async Task StartAsync(GatewayTask task, CancellationToken ct)
    {
        var instanceId = ITaskLifecycle.InstanceId(task.TenantId, task.TaskId);
        if (await Client().GetInstanceAsync(instanceId, ct) is { } existing && existing.RuntimeStatus is
            OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended)
            return;
        var input = new TaskLifecycleInput(task.TenantId, task.TaskId, clock.GetUtcNow() + options.Value.TaskDeadline, options.Value.InputTimeout);
        await Client().ScheduleNewOrchestrationInstanceAsync(OrchestrationName, input, new StartOrchestrationOptions(instanceId), ct);
    }

    public Task SignalAsync(GatewayTask task, string signal, CancellationToken ct) =>
        Client().RaiseEventAsync(ITaskLifecycle.InstanceId(task.TenantId, task.TaskId), LifecycleSignals.EventName, signal, ct);

    DurableTaskClient Client() =>
        http.HttpContext?.Items[ClientItemKey] as DurableTaskClient
        ?? services.GetService<DurableTaskClient>()
        ?? throw new InvalidOperationException("No Durable Task client: in Azure, the function must bind [DurableClient] and pass it to the dispatcher.");
}
