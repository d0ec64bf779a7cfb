using Marketplace.Billing;
using Marketplace.Queues;

namespace Marketplace.Events;

/// <summary>
/// Queues events so a slow or unavailable topic never fails the request that raised them. One tenant's events raised
/// while its previous message is being sent go out together in one message (group commit): a workflow's parallel
/// branches, or many runs' steps at once, cost one send and one relay instead of one each. A lone event is sent at
/// once, as before; each caller returns only once its event is queued.
/// </summary>
public sealed class QueuedIntegrationEvents : IIntegrationEvents
{
    /// <summary>Events joined in one commit; the message is split further by size.</summary>
    const int MaxBatch = 32;

    readonly StorageQueues queues;
    readonly GroupCommit<IntegrationEvent, bool> sends;

    public QueuedIntegrationEvents(StorageQueues queues)
    {
        this.queues = queues;
        sends = new GroupCommit<IntegrationEvent, bool>(async (_, batch) =>
        {
            // The commit runs apart from any one caller, so no caller's token may stop it.
            await SendAsync(batch, CancellationToken.None);
            return [.. batch.Select(_ => true)];
        }, MaxBatch);
    }

    public Task PublishAsync(IntegrationEvent evt, CancellationToken ct) => sends.SubmitAsync(evt.TenantId, evt, ct);

    public Task PublishAsync(IReadOnlyList<IntegrationEvent> events, CancellationToken ct) =>
        events.Count == 1 ? PublishAsync(events[0], ct) : SendAsync(events, ct);

    /// <summary>As few messages as hold the events, in order: one event alone as itself, several as a batch.</summary>
    async Task SendAsync(IReadOnlyList<IntegrationEvent> events, CancellationToken ct)
    {
        var queue = queues.Get(QueueNames.IntegrationEvents);
        foreach (var message in QueueBatches.Messages(events, chunk => new IntegrationEventBatch(chunk))) await queue.SendMessageAsync(message, ct);
    }
}
