using System.Diagnostics;
using Marketplace.A2A.Gateway;
using Marketplace.A2A.Tasks;
using Marketplace.Billing;
using Marketplace.Events;
using Marketplace.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.A2A.Lifecycle;

/// <summary>
/// Moves the bills of tasks that ended within their request from their outbox rows (the <see cref="TaskHandOff"/>
/// stored in the task's own transaction, carrying the usage event) to the billing queue, off the response path.
/// Bills that arrive while a send is in flight go together: one usage message per batch, one message of their
/// <c>task.finished</c> events, then one delete transaction per tenant. A row is deleted only after its event's message is stored; a crash at any
/// point leaves the row for the sweeper, which sends the same event again and the billing worker books it once.
/// </summary>
public sealed class TaskOutbox
{
    const int MaxBatch = 64;

    readonly UsageRecorder recorder;
    readonly ITaskStore tasks;
    readonly IIntegrationEvents events;
    readonly MarketplaceMetrics metrics;
    readonly IOptions<GatewayOptions> options;
    readonly ILogger<TaskOutbox> logger;
    readonly GroupCommit<Bill, bool> sends;

    public TaskOutbox(UsageRecorder recorder, ITaskStore tasks, IIntegrationEvents events, MarketplaceMetrics metrics, IOptions<GatewayOptions> options, ILogger<TaskOutbox> logger)
    {
        (this.recorder, this.tasks, this.events, this.metrics, this.options, this.logger) = (recorder, tasks, events, metrics, options, logger);
        sends = new GroupCommit<Bill, bool>(async (_, batch) =>
        {
            await SendAsync(batch, CancellationToken.None);
            return batch.Select(_ => true).ToList();
        }, MaxBatch);
    }

    /// <summary>A stored task and its outbox row, whose <see cref="TaskHandOff.Usage"/> is set.</summary>
    public sealed record Bill(GatewayTask Task, TaskHandOff HandOff);

    /// <summary>Queues the bill and returns at once; a send that fails leaves the row to the sweeper.</summary>
    public void Post(GatewayTask task, TaskHandOff handOff)
    {
        Task sent;
        // The batch's work belongs to no one request (its trace and cancellation stay out of it).
        using (ExecutionContext.SuppressFlow()) sent = sends.SubmitAsync("", new Bill(task, handOff), CancellationToken.None);
        _ = sent.ContinueWith(t => logger.LogWarning("The bill of task {TaskId} of tenant {TenantId} stays in its outbox row for the sweeper: {Reason}",
            task.TaskId, task.TenantId, t.Exception?.GetBaseException().Message), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    /// <summary>Sends the bills' usage, then their integration events, then deletes their rows: in that order, so a row outlives its send.</summary>
    public async Task SendAsync(IReadOnlyList<Bill> bills, CancellationToken ct)
    {
        await recorder.SendAsync(bills.Select(b => b.HandOff.Usage!).ToList(), ct);
        if (options.Value.KillProcessAfterUsageSend) Process.GetCurrentProcess().Kill();
        await events.PublishAsync(bills.Select(b => SystemEvents.TaskFinished(b.Task, b.HandOff.Usage!.PublisherTenantId)).ToList(), ct);
        foreach (var bill in bills) metrics.TaskFinished(bill.Task);
        await tasks.RemoveHandOffsAsync(bills.Select(b => b.HandOff).ToList(), ct);
    }
}
