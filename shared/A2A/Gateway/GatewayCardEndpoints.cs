using System.Globalization;
using Marketplace.A2A.Push;
using Marketplace.Http;
using Marketplace.Registry;
using Marketplace.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Marketplace.A2A.Gateway;

/// <summary>
/// The gateway's discovery documents: each agent's signed card, as the marketplace serves it, and the key set that
/// verifies push notifications. A2A's own shapes, so <see cref="IResult"/> and not in the OpenAPI document.
/// </summary>
public sealed class GatewayCardEndpoints(Authenticator authenticator, AgentService agents, GatewayCardSigner signer, PushSigningKey pushKey,
    IOptions<Hosting.MarketplaceOptions> marketplace)
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

    public async Task<IResult> Jwks(ApiRequest request)
    {
        request.Http.Response.Headers.CacheControl = "public, max-age=3600";
        var jwks = await pushKey.JwksAsync(request.Aborted);
        return Results.Text(jwks.ToJsonString(), "application/jwk-set+json");
    }
}
