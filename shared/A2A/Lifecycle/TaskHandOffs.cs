using Marketplace.A2A.Tasks;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.A2A.Lifecycle;

/// <summary>
/// The step that must follow a caller's message being stored: a new task that ended within its request is billed,
/// any other new task handed to its durable lifecycle, and a continued task's lifecycle told the caller answered. The
/// gateway stores the task with a <see cref="TaskHandOff"/> record in one transaction, does the step, then removes
/// the record; a crash anywhere in between leaves the record for <see cref="SweepAsync"/>. The steps are idempotent
/// (the usage record's id is the task's; a lifecycle starts once per task; an extra input signal only makes the
/// lifecycle look at the task again), so doing one twice — the request slower than the grace, or a crash after the
/// step — bills once and follows once.
/// </summary>
public sealed class TaskHandOffs(
    ITaskStore tasks, TaskUsage usage, TaskOutbox outbox, ITaskLifecycle lifecycle, IOptions<LifecycleOptions> options, TimeProvider clock, ILogger<TaskHandOffs> logger)
{
    const int SweepBatch = 100;

    /// <summary>The record to store with the task, due once the request has had its grace to do the step itself.</summary>
    public TaskHandOff For(string tenantId, string taskId, HandOffKind kind) =>
        new(tenantId, taskId, Guid.NewGuid().ToString("N"), kind, clock.GetUtcNow() + options.Value.HandOffGrace);

    /// <summary>
    /// The outbox row of a new task that ended within its request: a bill carrying the task's usage event, fixed now
    /// (the listing's publisher comes from the caller's in-memory listing, sparing a read).
    /// </summary>
    public TaskHandOff ForBill(GatewayTask task, string publisherTenantId) =>
        For(task.TenantId, task.TaskId, HandOffKind.Bill) with { Usage = TaskUsage.EventFor(task, publisherTenantId) };

    /// <summary>
    /// Does the step of the record just stored with <paramref name="task"/>. A bill with its usage is posted to the
    /// outbox, which sends it and removes the record off the request's path; any other step is done here and its
    /// record removed off the path. Left behind (the process died first), a record's step is repeated harmlessly by
    /// the sweeper. Lifecycles are started and signalled with <paramref name="durable"/>, the request's client.
    /// </summary>
    public async Task RunAsync(GatewayTask task, TaskHandOff handOff, DurableTaskClient durable, CancellationToken ct)
    {
        if (handOff is { Kind: HandOffKind.Bill, Usage: not null })
        {
            outbox.Post(task, handOff);
            return;
        }
        await StepAsync(task, handOff.Kind, durable, ct);
        using var detached = ExecutionContext.SuppressFlow();
        _ = Task.Run(async () =>
        {
            try
            {
                await tasks.RemoveHandOffAsync(handOff, CancellationToken.None);
            }
            catch (Exception ex)
            {
                logger.LogWarning("The hand-off record of task {TaskId} of tenant {TenantId} stays for the sweeper: {Reason}", task.TaskId, task.TenantId, ex.Message);
            }
        }, CancellationToken.None);
    }

    /// <summary>
    /// Does every due hand-off that nobody completed, then removes its record; returns how many were done.
    /// <paramref name="durable"/>: the client lifecycles are started with (in Azure, the one the timer's function binds).
    /// </summary>
    public async Task<int> SweepAsync(DurableTaskClient durable, CancellationToken ct)
    {
        var done = 0;
        var bills = new List<TaskOutbox.Bill>();
        foreach (var handOff in await tasks.ListDueHandOffsAsync(clock.GetUtcNow(), SweepBatch, ct))
        {
            try
            {
                if ((await tasks.GetAsync(handOff.TenantId, handOff.TaskId, ct))?.Task is { } task)
                {
                    logger.LogWarning("Task {TaskId} of tenant {TenantId} was stored without its hand-off ({Kind}) being completed; completing it now",
                        handOff.TaskId, handOff.TenantId, handOff.Kind);
                    if (handOff is { Kind: HandOffKind.Bill, Usage: not null })
                    {
                        // The event stored in the row, not one built again: the billing worker sees the same payload.
                        bills.Add(new TaskOutbox.Bill(task, handOff));
                        continue;
                    }
                    // The request died before telling the lifecycle; one that is gone (a backend that lost it) is started anew.
                    if (handOff.Kind == HandOffKind.Signal) await lifecycle.StartAsync(task, durable, ct);
                    await StepAsync(task, handOff.Kind, durable, ct);
                }
                await tasks.RemoveHandOffAsync(handOff, ct);
                done++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The record stays; the next sweep tries again.
                logger.LogWarning("Completing the hand-off of task {TaskId} of tenant {TenantId} failed: {Reason}", handOff.TaskId, handOff.TenantId, ex.Message);
            }
        }
        if (bills.Count > 0)
        {
            try
            {
                await outbox.SendAsync(bills, ct);
                done += bills.Count;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("Sending {Count} swept bills failed; their rows stay for the next sweep: {Reason}", bills.Count, ex.Message);
            }
        }
        return done;
    }

    Task StepAsync(GatewayTask task, HandOffKind kind, DurableTaskClient durable, CancellationToken ct) => kind switch
    {
        HandOffKind.Bill => usage.RecordAsync(task, ct),
        HandOffKind.Follow => lifecycle.StartAsync(task, durable, ct),
        _ => lifecycle.SignalAsync(task, LifecycleSignals.Input, durable, ct),
    };
}
