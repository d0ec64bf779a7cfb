using Marketplace.A2A;
using Marketplace.Analytics;
using Marketplace.Audit;
using Marketplace.Billing;
using Marketplace.Concierge;
using Marketplace.Events;
using Marketplace.Graph;
using Marketplace.Health;
using Marketplace.Identity;
using Marketplace.Mcp;
using Marketplace.OpenApi;
using Marketplace.Registry;
using Marketplace.Reviews;
using Marketplace.Search;
using Marketplace.Tenancy;
using Marketplace.Webhooks;
using Marketplace.Workflows;

namespace Marketplace.Http;

/// <summary>
/// Every route of the marketplace, by name: the features' own route lists, one after another. Functions wrappers use
/// the same names; a new route goes in its feature's list, not here.
/// </summary>
public sealed class ApiRouteTable
{
    readonly Dictionary<string, ApiRoute> byName;

    public ApiRouteTable()
    {
        Routes =
        [
            .. HealthRoutes.Routes, .. OpenApiRoutes.Routes, .. TenancyRoutes.Routes, .. IdentityRoutes.Routes, .. AuditRoutes.Routes,
            .. RegistryRoutes.Routes, .. SearchRoutes.Routes, .. WorkflowsRoutes.Routes, .. ReviewsRoutes.Routes, .. GraphRoutes.Routes,
            .. A2ARoutes.Routes, .. ConciergeRoutes.Routes, .. McpRoutes.Routes, .. BillingRoutes.Routes, .. AnalyticsRoutes.Routes,
            .. WebhooksRoutes.Routes, .. EventsRoutes.Routes,
        ];
        byName = Routes.ToDictionary(r => r.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<ApiRoute> Routes { get; }

    public ApiRoute Get(string name) => byName[name];
}
