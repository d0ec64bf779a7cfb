namespace Marketplace.Events;

/// <summary>Where product code hands events over: they are queued, then relayed to the topics by a queue worker.</summary>
public interface IIntegrationEvents
{
    Task PublishAsync(IntegrationEvent evt, CancellationToken ct);

    /// <summary>Hands over several events in as few queue messages as hold them (<see cref="IntegrationEventBatch"/>), in order.</summary>
    Task PublishAsync(IReadOnlyList<IntegrationEvent> events, CancellationToken ct);
}

/// <summary>An integration-events message carrying several events, relayed one by one in their order.</summary>
public sealed record IntegrationEventBatch(IReadOnlyList<IntegrationEvent> Events);

/// <summary>Delivers an event to its topic (Service Bus in Azure, the local sink standalone).</summary>
public interface IEventPublisher
{
    Task PublishAsync(IntegrationEvent evt, CancellationToken ct);
}
