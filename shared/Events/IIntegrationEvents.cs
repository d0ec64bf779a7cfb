namespace Marketplace.Events;

/// <summary>Where product code hands events over: they are queued, then relayed to the topics by a queue worker.</summary>
public interface IIntegrationEvents
{
    Task PublishAsync(IntegrationEvent evt, CancellationToken ct);
}

/// <summary>Delivers an event to its topic (Service Bus in Azure, the local sink standalone).</summary>
public interface IEventPublisher
{
    Task PublishAsync(IntegrationEvent evt, CancellationToken ct);
}
