using Marketplace.A2A;
using Marketplace.Analytics;
using Marketplace.Audit;
using Marketplace.Billing;
using Marketplace.Concierge;
using Marketplace.Events;
using Marketplace.Graph;
using Marketplace.Health;
using Marketplace.Http;
using Marketplace.Identity;
using Marketplace.Mcp;
using Marketplace.Registry;
using Marketplace.Reviews;
using Marketplace.Search;
using Marketplace.Tenancy;
using Marketplace.Webhooks;
using Marketplace.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Hosting;

/// <summary>The one service composition both hosts (Functions worker and standalone Kestrel) share: each feature registers its own.</summary>
public static class MarketplaceServices
{
    public static IServiceCollection AddMarketplace(this IServiceCollection services, IConfiguration configuration) => services
        .AddPlatform(configuration)
        .AddTenancy(configuration)
        .AddIdentity(configuration)
        .AddAudit(configuration)
        .AddSearch(configuration)
        .AddRegistry(configuration)
        .AddA2A(configuration)
        .AddConcierge()
        .AddBilling(configuration)
        .AddAnalytics(configuration)
        .AddReviews(configuration)
        .AddWorkflows(configuration)
        .AddEvents(configuration)
        .AddGraph(configuration)
        .AddWebhooks(configuration)
        .AddEventRelay()
        .AddMcp(configuration)
        .AddApi(configuration)
        .AddHealth(configuration);
}
