using Marketplace.Serialization;
using System.Text.Json;
using Marketplace.A2A.Gateway;
using Marketplace.A2A.Protocol;
using Marketplace.A2A.Server;
using Marketplace.Http;
using Marketplace.Search;
using Marketplace.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Concierge;

/// <summary>
/// The concierge's card (public, as agent cards are) and its JSON-RPC endpoint (a tenant key, as every A2A endpoint).
/// Protocol endpoints in A2A's own shapes, which no result type describes: they return <see cref="IResult"/>.
/// </summary>
public sealed class ConciergeEndpoints(Authenticator authenticator, UnifiedSearch search, GatewayHandlerFactory handlers,
    IOptions<Hosting.MarketplaceOptions> marketplace, IOptions<GatewayOptions> gateway, ILogger<ConciergeHandler> logger)
{
    public Task<IResult> Card(ApiRequest request)
    {
        request.Http.Response.Headers.CacheControl = "public, max-age=300";
        var card = ConciergeCard.For(Hosting.PublicUrls.Base(marketplace.Value));
        return Task.FromResult(Results.Text(JsonSerializer.Serialize(card, Json.Lenient), "application/json"));
    }

    public async Task<IResult> JsonRpc(ApiRequest request)
    {
        await JsonRpcBinding.HandleAsync(request.Http, async () =>
        {
            // Any member may ask for agents; delegating checks the caller's right to call agents, as the gateway does.
            var caller = GatewayHandlerFactory.Identified(await authenticator.AuthenticateAsync(request.Http), request.Http);
            if (caller.TenantId is null) throw A2AError.PermissionDenied("The concierge works for tenants; call with a tenant's API key, not the platform admin key.");
            return new ConciergeHandler(caller, search, handlers, Hosting.PublicUrls.Base(marketplace.Value), request.Durable);
        }, gateway.Value.MaxRequestBytes, logger);
        return Results.Empty;
    }
}
