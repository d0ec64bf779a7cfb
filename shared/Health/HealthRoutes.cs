using Marketplace.Http;

namespace Marketplace.Health;

/// <summary>The routes of dependency health: the route table serves these, in this order.</summary>
public static class HealthRoutes
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("health", "GET", "/api/health", RouteAccess.Public, HealthEndpoints.Get)
        {
            Doc = new("Platform", "Dependency health") { Responses = [new(200, "All dependencies healthy", typeof(HealthReportView)), new(503, "A dependency is down", typeof(HealthReportView))] },
        },
    ];
}
