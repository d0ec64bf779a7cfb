using Marketplace.A2A.Tasks;
using Marketplace.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Marketplace.A2A.Lifecycle;

/// <summary>Schedules and signals the lifecycle orchestration (one instance per task, named after it).</summary>
public sealed class DurableTaskLifecycle(DurableClients clients, IOptions<LifecycleOptions> options, TimeProvider clock) : ITaskLifecycle
{
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

    DurableTaskClient Client() => clients.Current;
}
