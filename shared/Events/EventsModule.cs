using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Marketplace.Hosting;
using Marketplace.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Events;

public static class EventsModule
{
    /// <summary>Integration events: queued, then relayed to Service Bus in Azure or, standalone, to the local sink.</summary>
    public static IServiceCollection AddEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IIntegrationEvents, QueuedIntegrationEvents>();
        // Service Bus in Azure; standalone, no Service Bus can run, so events go to the local sink.
        services.AddValidatedOptions<ServiceBusOptions>(configuration, ServiceBusOptions.Section);
        if (configuration[$"{ServiceBusOptions.Section}:FullyQualifiedNamespace"] is { Length: > 0 } serviceBus)
        {
            services.AddSingleton(new ServiceBusClient(serviceBus, new DefaultAzureCredential()));
            services.AddSingleton<IEventPublisher, ServiceBusEventPublisher>();
        }
        else
        {
            services.AddSingleton<IEventPublisher, LocalEventPublisher>();
        }
        services.AddSingleton<EventEndpoints>();
        return services;
    }

    /// <summary>The relay runs the projectors the other features registered, so it is added after them.</summary>
    public static IServiceCollection AddEventRelay(this IServiceCollection services)
    {
        services.AddScoped<EventRelay>();
        services.AddScoped<IQueueHandler>(sp => sp.GetRequiredService<EventRelay>());
        return services;
    }
}
