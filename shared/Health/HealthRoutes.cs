using Marketplace.Http;

namespace Marketplace.Health;

/// <summary>The routes of dependency health: the route table serves these, in this order.</summary>
public static class HealthRoutes
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        Endpoint<HealthEndpoints>.Route("health", "GET", "/api/health", RouteAccess.Anonymous, (e, r) => e.Get(r)) with
        {
            Doc = new("Platform", "Dependency health"),
        },
    ];
}
