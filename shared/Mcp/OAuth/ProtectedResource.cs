using System.Text.Json.Serialization;
using Marketplace.Hosting;
using Marketplace.Http;
using Marketplace.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Marketplace.Mcp.OAuth;

/// <summary>RFC 9728 protected-resource metadata of the MCP endpoint.</summary>
public sealed record ProtectedResourceMetadata(
    [property: JsonPropertyName("resource")] string Resource,
    [property: JsonPropertyName("authorization_servers")] IReadOnlyList<string> AuthorizationServers,
    [property: JsonPropertyName("bearer_methods_supported")] IReadOnlyList<string> BearerMethodsSupported,
    [property: JsonPropertyName("resource_name")] string ResourceName);

/// <summary>
/// Serves the metadata (at the root well-known URL and at the one suffixed with the resource path, which MCP
/// clients try first) and builds the <c>WWW-Authenticate</c> challenge that points to it.
/// </summary>
public static class ProtectedResource
{
    public static string CanonicalUrl(MarketplaceOptions options) => PublicUrls.Base(options) + "/mcp";

    static IResult Metadata(ApiRequest request)
    {
        var identity = request.Service<IOptions<IdentityOptions>>().Value;
        if (!identity.Enabled) return Problems.NotFound("This marketplace accepts only API keys on /mcp; no authorization server is configured.");
        // The MCP endpoint's own URL: MCP clients ask for tokens for it (RFC 8707), and every API accepts that audience.
        var resource = CanonicalUrl(request.Service<IOptions<MarketplaceOptions>>().Value);
        request.Http.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Json(new ProtectedResourceMetadata(resource, [identity.Issuer!], ["header"], "Agent Marketplace MCP hub"));
    }

    public static Task<IResult> Handle(ApiRequest request) => Task.FromResult(Metadata(request));

    /// <summary>RFC 6750 / RFC 9728 challenge; with OAuth off only the key schemes are offered.</summary>
    public static string Challenge(IdentityOptions identity, MarketplaceOptions options, string? rejection)
    {
        var keys = "ApiKey header=\"X-API-Key\"";
        if (!identity.Enabled) return "Bearer, " + keys;
        var bearer = $"Bearer resource_metadata=\"{PublicUrls.Base(options)}/.well-known/oauth-protected-resource/mcp\"";
        if (rejection is not null) bearer += $", error=\"invalid_token\", error_description=\"{rejection.Replace("\"", "'")}\"";
        return bearer + ", " + keys;
    }
}
