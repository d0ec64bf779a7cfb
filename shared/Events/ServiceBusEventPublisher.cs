using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;

namespace Marketplace.Events;

public sealed class ServiceBusOptions
{
    public const string Section = "ServiceBus";

    /// <summary>e.g. <c>contoso.servicebus.windows.net</c>; the app authenticates with its managed identity.</summary>
    public string? FullyQualifiedNamespace { get; set; }
}

/// <summary>Publishes integration events to their Service Bus topic (one sender per topic, reused).</summary>
public sealed class ServiceBusEventPublisher(ServiceBusClient client) : IEventPublisher, IAsyncDisposable
{
    readonly ConcurrentDictionary<string, ServiceBusSender> senders = new();

    public Task PublishAsync(IntegrationEvent evt, CancellationToken ct) =>
        senders.GetOrAdd(evt.Topic, client.CreateSender).SendMessageAsync(CloudEventMessage.Create(evt), ct);

    public async ValueTask DisposeAsync()
    {
        foreach (var sender in senders.Values) await sender.DisposeAsync();
    }
}
