using Microsoft.AspNetCore.Http;

namespace Marketplace.Hosting;

public static class PublicUrls
{
    /// <summary>The marketplace's address as callers see it: configured, or the request's own scheme and host.</summary>
    public static string Base(HttpContext http, MarketplaceOptions options) =>
        options.PublicBaseUrl?.TrimEnd('/') ?? $"{http.Request.Scheme}://{http.Request.Host}";

    /// <summary>The configured address, for work done outside a request (workflow activities); loopback when unset.</summary>
    public static string Base(MarketplaceOptions options) => options.PublicBaseUrl?.TrimEnd('/') ?? "http://localhost";
}
