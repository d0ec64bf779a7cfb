namespace Marketplace.Hosting;

/// <summary>
/// The marketplace's address as callers see it, for every public document (agent cards, token issuers, resource
/// metadata, links). Always the configured <c>Marketplace:PublicBaseUrl</c> (the standalone host fills in its listen
/// address): never a request's <c>Host</c> or forwarding headers, which a caller controls and a shared cache keeps.
/// </summary>
public static class PublicUrls
{
    public static string Base(MarketplaceOptions options) =>
        options.PublicBaseUrl?.TrimEnd('/') ?? throw new InvalidOperationException(MarketplaceOptions.PublicBaseUrlRequired);

    /// <summary>
    /// The standalone host's default: the first address it listens on, with a wildcard host read as loopback. Null
    /// when the port is chosen by the OS (0) or nothing parses, so validation asks for the setting instead.
    /// </summary>
    public static string? FromListenUrls(string? urls)
    {
        var first = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (first is null) return null;
        var wildcard = first.Replace("://*", "://127.0.0.1").Replace("://+", "://127.0.0.1").Replace("://0.0.0.0", "://127.0.0.1").Replace("://[::]", "://[::1]");
        if (!Uri.TryCreate(wildcard, UriKind.Absolute, out var uri) || uri.Port == 0 || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)) return null;
        return uri.GetLeftPart(UriPartial.Authority);
    }
}
