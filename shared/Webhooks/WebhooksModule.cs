using Marketplace.Events;
using Marketplace.Hosting;
using Marketplace.Queues;
using Marketplace.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Webhooks;

public static class WebhooksModule
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<WebhookOptions>(configuration, WebhookOptions.Section);
        services.AddHttpClient(WebhookSender.ClientName).ConfigurePrimaryHttpMessageHandler(sp => WebhookSender.Handler(sp.GetRequiredService<SsrfGuard>()));
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<WebhookLogPruning>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookDeliveryWorker>();
        services.AddSingleton<WebhookEndpoints>();
        services.AddSingleton<IEventProjector, WebhookFanOut>();
        services.AddScoped<IQueueHandler>(sp => sp.GetRequiredService<WebhookDeliveryWorker>());
        return services;
    }
}
