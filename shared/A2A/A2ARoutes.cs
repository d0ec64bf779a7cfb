using Marketplace.A2A.Gateway;
using Marketplace.Http;

namespace Marketplace.A2A;

/// <summary>The routes of the A2A gateway (protocol routes, no OpenAPI document): the route table serves these, in this order.</summary>
public static class A2ARoutes
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        // A2A gateway: authentication happens inside, so failures come back in the protocol's own error shapes.
        Endpoint<GatewayCardEndpoints>.Route("jwks", "GET", "/.well-known/jwks.json", RouteAccess.Anonymous, (e, r) => e.Jwks(r)),
        Endpoint<GatewayCardEndpoints>.Route("a2a-card", "GET", "/a2a/agents/{agentId}/.well-known/agent-card.json", RouteAccess.Anonymous, (e, r) => e.Card(r)),
        Endpoint<GatewayEndpoints>.Route("a2a-jsonrpc", "POST", "/a2a/agents/{agentId}", RouteAccess.SelfAuthenticated, (e, r) => e.JsonRpc(r)),
        Endpoint<GatewayEndpoints>.Route("a2a-rest-get", "GET", "/a2a/agents/{agentId}/rest/{*path}", RouteAccess.SelfAuthenticated, (e, r) => e.Rest(r)),
        Endpoint<GatewayEndpoints>.Route("a2a-rest-post", "POST", "/a2a/agents/{agentId}/rest/{*path}", RouteAccess.SelfAuthenticated, (e, r) => e.Rest(r)),
        Endpoint<GatewayEndpoints>.Route("a2a-rest-delete", "DELETE", "/a2a/agents/{agentId}/rest/{*path}", RouteAccess.SelfAuthenticated, (e, r) => e.Rest(r)),
    ];
}
