using Marketplace.A2A.Gateway;
using Marketplace.A2A.Lifecycle;
using Marketplace.A2A.Push;
using Marketplace.A2A.Tasks;
using Marketplace.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.A2A;

public static class A2AModule
{
    /// <summary>The gateway, its task and push-config stores, task lifecycles (Durable) and push notifications.</summary>
    public static IServiceCollection AddA2A(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<GatewayOptions>(configuration, GatewayOptions.Section);
        services.AddSingleton<ITaskStore, TableTaskStore>();
        services.AddSingleton<IPushConfigStore, TablePushConfigStore>();
        services.AddSingleton<TaskEventHub>();
        services.AddSingleton<TaskWriter>();
        services.AddSingleton<TaskFollowers>();
        services.AddSingleton<UpstreamAgents>();
        services.AddSingleton<GatewayServices>();
        services.AddSingleton<GatewayTasks>();
        services.AddSingleton<TaskPushConfigs>();
        services.AddSingleton<GatewayMessages>();
        services.AddSingleton<GatewayOperations>();
        services.AddSingleton<GatewayHandlerFactory>();
        services.AddSingleton<GatewayBilling>();
        services.AddValidatedOptions<LifecycleOptions>(configuration, LifecycleOptions.Section);
        services.AddSingleton<ITaskLifecycle, DurableTaskLifecycle>();
        services.AddSingleton<TaskUsage>();
        services.AddSingleton<TaskOutbox>();
        services.AddSingleton<TaskHandOffs>();
        services.AddValidatedOptions<PushOptions>(configuration, PushOptions.Section);
        services.AddSingleton<PushSigningKey>();
        services.AddSingleton<GatewayCardSigner>();
        services.AddSingleton<GatewayCardEndpoints>();
        services.AddSingleton<GatewayEndpoints>();
        services.AddSingleton<PushTokens>();
        services.AddSingleton<PushDispatcher>();
        services.AddSingleton<PushSender>();
        return services;
    }
}
