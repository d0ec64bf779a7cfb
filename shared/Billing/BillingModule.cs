using Marketplace.Hosting;
using Marketplace.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Billing;

public static class BillingModule
{
    /// <summary>Credit, the ledger and its worker (the usage queue's handler), balance alerts.</summary>
    public static IServiceCollection AddBilling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<UsageRecorder>();
        services.AddValidatedOptions<BillingOptions>(configuration, BillingOptions.Section);
        services.AddSingleton<BillingStore>();
        services.AddSingleton<Credits>();
        services.AddValidatedOptions<BalanceAlertOptions>(configuration, BalanceAlertOptions.Section);
        services.AddSingleton<BalanceAlerts>();
        services.AddSingleton<BillingEndpoints>();
        services.AddSingleton<UsageApplier>();
        services.AddScoped<IQueueHandler>(sp => sp.GetRequiredService<UsageApplier>());
        return services;
    }
}
