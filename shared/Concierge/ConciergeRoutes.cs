using Marketplace.Http;

namespace Marketplace.Concierge;

/// <summary>The routes of the concierge agent (protocol routes): the route table serves these, in this order.</summary>
public static class ConciergeRoutes
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        // The marketplace's own agent: finds agents and delegates to the best one.
        Endpoint<ConciergeEndpoints>.Route("a2a-concierge-card", "GET", "/.well-known/agent-card.json", RouteAccess.Anonymous, (e, r) => e.Card(r)),
        Endpoint<ConciergeEndpoints>.Route("a2a-concierge-jsonrpc", "POST", "/a2a/concierge", RouteAccess.SelfAuthenticated, (e, r) => e.JsonRpc(r)),
    ];
}
