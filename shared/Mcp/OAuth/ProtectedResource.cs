using System.Text.Json.Serialization;
using Marketplace.Hosting;
using Marketplace.Http;
using Marketplace.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Marketplace.Mcp.OAuth;

/// <summary>RFC 9728 protected-resource metadata of the API or of its MCP endpoint.</summary>
public sealed record ProtectedResourceMetadata(
    [property: JsonPropertyName("resource")] string Resource,
    [property: JsonPropertyName("authorization_servers")] IReadOnlyList<string> AuthorizationServers,
    [property: JsonPropertyName("bearer_methods_supported")] IReadOnlyList<string> BearerMethodsSupported,
    [property: JsonPropertyName("resource_name")] string ResourceName,
    [property: JsonPropertyName("scopes_supported"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? ScopesSupported = null);

/// <summary>
/// Serves the metadata and builds the <c>WWW-Authenticate</c> challenge that points to it. The URL suffixed with
/// <c>/mcp</c> (which MCP clients try first) describes the MCP endpoint; the root one describes the API as a whole,
/// with the resource the API's own audience, which is what the CLI and other clients request tokens for.
/// </summary>
public static class ProtectedResource
{
    public static string CanonicalUrl(MarketplaceOptions options) => PublicUrls.Base(options) + "/mcp";

    /// <summary>The audience tokens for the API carry: <c>Identity:Audience</c> when it is a URI, else the public base URL.</summary>
    public static string ApiResource(IdentityOptions identity, MarketplaceOptions options) =>
        Uri.IsWellFormedUriString(identity.Audience, UriKind.Absolute) ? identity.Audience! : PublicUrls.Base(options);

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

/// <summary>The metadata documents: RFC 9728's own shape, outside the OpenAPI document like the other protocol endpoints.</summary>
public sealed class ProtectedResourceEndpoints(IOptions<IdentityOptions> identityOptions, IOptions<MarketplaceOptions> marketplaceOptions)
{
    public Task<Results<JsonHttpResult<ProtectedResourceMetadata>, NotFoundProblem>> Get(ApiRequest request) => Task.FromResult(Metadata(request));

    Results<JsonHttpResult<ProtectedResourceMetadata>, NotFoundProblem> Metadata(ApiRequest request)
    {
        var identity = identityOptions.Value;
        if (!identity.Enabled) return new NotFoundProblem("This marketplace accepts only API keys on /mcp; no authorization server is configured.");
        var marketplace = marketplaceOptions.Value;
        var scopes = identity.Scope?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        request.Http.Response.Headers.CacheControl = "public, max-age=3600";
        // The MCP endpoint's own URL: MCP clients ask for tokens for it (RFC 8707), and every API accepts that audience.
        if (request.Http.Request.Path.Value?.EndsWith("/mcp", StringComparison.Ordinal) == true)
            return TypedResults.Json(new ProtectedResourceMetadata(ProtectedResource.CanonicalUrl(marketplace), [identity.Issuer!], ["header"], "Agent Marketplace MCP hub", scopes));
        return TypedResults.Json(new ProtectedResourceMetadata(ProtectedResource.ApiResource(identity, marketplace), [identity.Issuer!], ["header"], "Agent Marketplace API", scopes));
    }
}
