using Marketplace.Http;
using static Marketplace.Http.RouteDocs;

namespace Marketplace.Events;

/// <summary>The routes of recent integration events: the route table serves these, in this order.</summary>
public static class EventsRoutes
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("admin-events", "GET", "/api/admin/events", RouteAccess.AdminOnly, EventEndpoints.Recent)
        {
            Doc = new("Platform", "Recent integration events (standalone host)") { Responses = [new(200, "Events, newest first", typeof(List<IntegrationEvent>)), Problem401, Problem403] },
        },
    ];
}
