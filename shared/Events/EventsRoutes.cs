using Marketplace.Http;

namespace Marketplace.Events;

/// <summary>The routes of recent integration events: the route table serves these, in this order.</summary>
public static class EventsRoutes
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        Endpoint<EventEndpoints>.Route("admin-events", "GET", "/api/admin/events", RouteAccess.AdminOnly, (e, r) => e.Recent(r)) with
        {
            Doc = new("Platform", "Recent integration events (standalone host)"),
        },
    ];
}
