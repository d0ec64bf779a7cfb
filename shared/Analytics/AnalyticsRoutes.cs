using Marketplace.Http;
using Marketplace.Tenancy;
using static Marketplace.Http.RouteDocs;

namespace Marketplace.Analytics;

/// <summary>The routes of usage analytics: the route table serves these, in this order.</summary>
public static class AnalyticsRoutes
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("analytics-usage", "GET", "/api/analytics/usage", RouteAccess.TenantRoles(Finance) with { Scope = KeyScopes.BillingRead }, AnalyticsEndpoints.Usage)
        {
            Doc = new("Analytics", "This tenant's usage per hour or day: calls, errors, latency percentiles, credits spent") { Responses = [new(200, "The series", typeof(UsageSeries)), Problem400, Problem401], Query = [new("granularity", typeof(string), "hour (default) or day"), new("from", typeof(string), "ISO 8601 start"), new("to", typeof(string), "ISO 8601 end"), new("agentId", typeof(string), "One agent"), new("tool", typeof(string), "One tool")] },
        },
        new("analytics-agent", "GET", "/api/analytics/agents/{agentId}", RouteAccess.TenantRoles(Role.Owner, Role.Publisher), AnalyticsEndpoints.Agent)
        {
            Doc = new("Analytics", "How one of your agents is used across tenants, and what it earned") { Responses = [new(200, "The series", typeof(UsageSeries)), Problem400, Problem401, Problem403, Problem404], Query = [new("granularity", typeof(string), "hour (default) or day"), new("from", typeof(string), "ISO 8601 start"), new("to", typeof(string), "ISO 8601 end")] },
        },
    ];
}
