using Marketplace.Http;
using Marketplace.Tenancy;
using static Marketplace.Http.RouteDocs;

namespace Marketplace.Analytics;

/// <summary>The routes of usage analytics: the route table serves these, in this order.</summary>
public static class AnalyticsRoutes
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        Endpoint<AnalyticsEndpoints>.Route("analytics-usage", "GET", "/api/analytics/usage", RouteAccess.TenantRoles(Finance) with { Scope = KeyScopes.BillingRead }, (e, r) => e.Usage(r)) with
        {
            Doc = new("Analytics", "This tenant's usage per hour or day: calls, errors, latency percentiles, credits spent") { Query = [new("granularity", typeof(string), "hour (default) or day"), new("from", typeof(string), "ISO 8601 start"), new("to", typeof(string), "ISO 8601 end"), new("agentId", typeof(string), "One agent"), new("tool", typeof(string), "One tool")] },
        },
        Endpoint<AnalyticsEndpoints>.Route("analytics-agent", "GET", "/api/analytics/agents/{agentId}", RouteAccess.TenantRoles(Role.Owner, Role.Publisher), (e, r) => e.Agent(r)) with
        {
            Doc = new("Analytics", "How one of your agents is used across tenants, and what it earned") { Query = [new("granularity", typeof(string), "hour (default) or day"), new("from", typeof(string), "ISO 8601 start"), new("to", typeof(string), "ISO 8601 end")] },
        },
    ];
}
