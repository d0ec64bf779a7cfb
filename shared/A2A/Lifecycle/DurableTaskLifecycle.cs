using Marketplace.A2A.Tasks;
using Marketplace.Durable;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Marketplace.A2A.Lifecycle;

/// <summary>Schedules and signals the lifecycle orchestration (one instance per task, named after it).</summary>
public sealed class DurableTaskLifecycle(IOptions<LifecycleOptions> options, TimeProvider clock) : ITaskLifecycle
{
    public const string OrchestrationName = "TaskLifecycle";

    public async Task StartAsync(GatewayTask task, DurableTaskClient durable, CancellationToken ct)
    {
        var input = new TaskLifecycleInput(task.TenantId, task.TaskId, clock.GetUtcNow() + options.Value.TaskDeadline, options.Value.InputTimeout);
        await durable.StartOnceAsync(OrchestrationName, ITaskLifecycle.InstanceId(task.TenantId, task.TaskId), input, ct);
    }

    public Task SignalAsync(GatewayTask task, string signal, DurableTaskClient durable, CancellationToken ct) =>
        durable.RaiseEventAsync(ITaskLifecycle.InstanceId(task.TenantId, task.TaskId), LifecycleSignals.EventName, signal, ct);
}
