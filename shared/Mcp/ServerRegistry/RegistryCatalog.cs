using System.Net;
using Marketplace.Hosting;
using Marketplace.Tenancy;
using Microsoft.Extensions.Options;

namespace Marketplace.Mcp.ServerRegistry;

/// <summary>
/// The MCP servers this marketplace lists in its MCP Registry API, as one caller may see them: the hub itself
/// (<c>{namespace}/hub</c>, a streamable-http remote at <c>/mcp</c> taking a tenant key), listed to everyone, and the
/// caller's own tenant's federated servers (<c>{namespace}/{tenant}.{prefix}</c>), listed only to that tenant's keys.
/// The namespace is the public host in reverse-DNS order. Each server has one version.
/// </summary>
public sealed class RegistryCatalog(IMcpServerStore servers, IOptions<MarketplaceOptions> marketplace)
{
    /// <summary>The hub's version, also its MCP <c>serverInfo.version</c>; bumped with <see cref="HubPublishedAt"/>.</summary>
    public const string HubVersion = "1.0.0";

    static readonly DateTimeOffset HubPublishedAt = new(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The server.json schema revision the entries follow.</summary>
    public const string SchemaUrl = "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json";

    const string FederatedFallbackVersion = "0.0.0";

    /// <summary>Every server the caller may see, by name.</summary>
    public async Task<IReadOnlyList<RegistryServerResponse>> VisibleAsync(Caller caller, CancellationToken ct)
    {
        var baseUrl = PublicUrls.Base(marketplace.Value);
        var ns = Namespace(baseUrl);
        List<RegistryServerResponse> all = [Hub(ns, baseUrl)];
        if (caller.TenantId is { } tenantId)
            all.AddRange((await servers.ListAsync(tenantId, ct)).Select(s => Federated(ns, s)));
        return all.OrderBy(s => s.Server.Name, StringComparer.Ordinal).ToList();
    }

    public async Task<RegistryServerResponse?> FindAsync(Caller caller, string name, CancellationToken ct) =>
        (await VisibleAsync(caller, ct)).FirstOrDefault(s => s.Server.Name == name);

    static RegistryServerResponse Hub(string ns, string baseUrl) => new(new RegistryServer($"{ns}/hub",
        "The marketplace's MCP hub: your tenant's tools, and tools to find and call agents and workflows.", HubVersion)
    {
        Schema = SchemaUrl,
        Title = "Agent Marketplace hub",
        WebsiteUrl = baseUrl + "/",
        Remotes =
        [
            new("streamable-http", baseUrl + "/mcp")
            {
                Headers = [new("X-API-Key") { Description = "A tenant API key of the marketplace (or send an OAuth access token as Authorization: Bearer)", IsRequired = true, IsSecret = true }],
            },
        ],
    }) { Meta = Official(HubPublishedAt, HubPublishedAt) };

    /// <summary>A federated server as its tenant registered it: where it lives and which headers it takes, never their values.</summary>
    static RegistryServerResponse Federated(string ns, McpServerRegistration s) => new(new RegistryServer($"{ns}/{s.TenantId}.{s.Prefix}",
        $"Federated MCP server '{s.Prefix}': its tools are served by the hub as {s.Prefix}.*", IsPlainVersion(s.ServerVersion) ? s.ServerVersion! : FederatedFallbackVersion)
    {
        Schema = SchemaUrl,
        Title = s.Prefix,
        Remotes =
        [
            new("streamable-http", s.Url)
            {
                Headers = s.Headers.Count == 0 ? null : s.Headers.Select(h => new RegistryHeader(h.Name)
                    { IsRequired = true, IsSecret = h.Secret is not null || ToolHeaders.CarriesCredential(h.Name) }).ToList(),
            },
        ],
    }) { Meta = Official(s.CreatedAt, s.SyncedAt ?? s.CreatedAt) };

    static RegistryResponseMeta Official(DateTimeOffset published, DateTimeOffset updated) =>
        new() { Official = new RegistryOfficialMeta("active", published, updated, IsLatest: true) };

    /// <summary>What an upstream reported as its version, if it is one (no ranges, no spaces, not "latest").</summary>
    public static bool IsPlainVersion(string? version) =>
        version is { Length: > 0 and <= 255 } && version != "latest" && version.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '+' or '_');

    /// <summary>The public host in reverse-DNS order (<c>market.example.com</c> → <c>com.example.market</c>); an IP address is <c>localhost</c> when loopback, else its digits.</summary>
    public static string Namespace(string baseUrl)
    {
        var host = new Uri(baseUrl).IdnHost;
        if (IPAddress.TryParse(host, out var ip))
            return IPAddress.IsLoopback(ip) ? "localhost" : "ip-" + string.Concat(host.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));
        return string.Join('.', host.TrimEnd('.').Split('.').Reverse());
    }
}
