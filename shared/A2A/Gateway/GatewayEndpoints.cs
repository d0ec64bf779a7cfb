using System.Globalization;
using System.Text.Json;
using Marketplace.A2A.Push;
using Marketplace.A2A.Server;
using Marketplace.Http;
using Marketplace.Registry;
using Marketplace.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.A2A.Gateway;

/// <summary>
/// The A2A gateway's HTTP surface: per-agent card, JSON-RPC endpoint and HTTP+JSON endpoints, and the push key set.
/// Protocol endpoints: they answer in A2A's own shapes (a signed card, JSON-RPC, HTTP+JSON, a JWK set), which no result
/// type describes, so they return <see cref="IResult"/> and are not in the OpenAPI document.
/// </summary>
public sealed class GatewayEndpoints(Authenticator authenticator, AgentService agents, GatewayCardSigner signer, GatewayHandlerFactory handlers,
    PushSigningKey pushKey, IOptions<Hosting.MarketplaceOptions> marketplace, IOptions<GatewayOptions> options, ILogger<GatewayHandler> logger)
{
    public async Task<IResult> Card(ApiRequest request)
    {
        var agentId = request.Route("agentId");
        // Cards are discovery documents: public ones need no key; a private one only for its publisher's keys.
        var caller = (await authenticator.AuthenticateAsync(request.Http)).Caller ?? Caller.Anonymous;
        var stored = await agents.FindAsync(caller, agentId, request.Aborted);
        if (stored is null || stored.Listing.Status == ListingStatus.Retired) return Problems.NotFound($"No agent '{agentId}'.");
        var listing = stored.Listing;

        var headers = request.Http.Response.Headers;
        headers.ETag = listing.ETag;
        headers.LastModified = listing.UpdatedAt.ToString("R", CultureInfo.InvariantCulture);
        headers.CacheControl = listing.Visibility == Visibility.Public ? "public, max-age=300" : "private, max-age=60";
        headers.Vary = "Authorization, X-API-Key";
        if (request.Header("If-None-Match") is { } ifNoneMatch && ifNoneMatch.Split(',').Select(t => t.Trim()).Contains(listing.ETag))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        var baseUrl = Hosting.PublicUrls.Base(marketplace.Value);
        var card = await signer.SignAsync(GatewayCard.For(listing, baseUrl), baseUrl, request.Aborted);
        return Results.Text(card.ToJsonString(), "application/json");
    }

    public async Task<IResult> JsonRpc(ApiRequest request)
    {
        var agentId = request.Route("agentId");
        await JsonRpcBinding.HandleAsync(request.Http, async () => await handlers.CreateAsync(request.Http, agentId, request.Durable), options.Value.MaxRequestBytes, logger);
        return Results.Empty;
    }

    public async Task<IResult> Rest(ApiRequest request)
    {
        var agentId = request.Route("agentId");
        await RestBinding.HandleAsync(request.Http, request.Route("path"), async () => await handlers.CreateAsync(request.Http, agentId, request.Durable), options.Value.MaxRequestBytes, logger);
        return Results.Empty;
    }

    public async Task<IResult> Jwks(ApiRequest request)
    {
        request.Http.Response.Headers.CacheControl = "public, max-age=3600";
        var jwks = await pushKey.JwksAsync(request.Aborted);
        return Results.Text(jwks.ToJsonString(), "application/jwk-set+json");
    }
}
