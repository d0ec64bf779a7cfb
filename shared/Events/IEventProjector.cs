namespace Marketplace.Events;

/// <summary>
/// Keeps a read model current from integration events. The relay calls every projector with each event before it
/// publishes it, so a failed projection leaves the message to be retried; events can therefore arrive more than once
/// and in any order, and a projection must be idempotent.
/// </summary>
public interface IEventProjector
{
    Task ProjectAsync(IntegrationEvent evt, CancellationToken ct);
}
