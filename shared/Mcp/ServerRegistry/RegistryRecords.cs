using System.Text.Json.Serialization;

namespace Marketplace.Mcp.ServerRegistry;

/// <summary><c>GET /v0.1/servers</c> and <c>…/versions</c>: the MCP Registry API's <c>ServerList</c>.</summary>
public sealed record RegistryServerList(IReadOnlyList<RegistryServerResponse> Servers, RegistryListMetadata Metadata);

/// <summary>Paging: <c>nextCursor</c> is absent on the last page.</summary>
public sealed record RegistryListMetadata(int Count)
{
    public string? NextCursor { get; init; }
}

/// <summary>One server version (the Registry API's <c>ServerResponse</c>): the server.json and the registry's own metadata.</summary>
public sealed record RegistryServerResponse(RegistryServer Server)
{
    [JsonPropertyName("_meta")]
    public RegistryResponseMeta? Meta { get; init; }
}

public sealed record RegistryResponseMeta
{
    [JsonPropertyName("io.modelcontextprotocol.registry/official")]
    public RegistryOfficialMeta? Official { get; init; }
}

/// <summary>Registry-managed facts of a version: <c>status</c> is <c>active</c>, <c>deprecated</c> or <c>deleted</c>.</summary>
public sealed record RegistryOfficialMeta(string Status, DateTimeOffset PublishedAt, DateTimeOffset UpdatedAt, bool IsLatest);

/// <summary>
/// A server.json (the Registry API's <c>ServerDetail</c>): a reverse-DNS <c>name</c> with one slash, a description of
/// at most 100 characters, a version, and how to reach it. The marketplace serves remotes only: it runs no packages.
/// </summary>
public sealed record RegistryServer(string Name, string Description, string Version)
{
    [JsonPropertyName("$schema")]
    public string? Schema { get; init; }

    public string? Title { get; init; }
    public string? WebsiteUrl { get; init; }
    public IReadOnlyList<RegistryRemote>? Remotes { get; init; }
}

/// <summary>A remote transport: <c>streamable-http</c> or <c>sse</c>, its URL and the headers a client must send.</summary>
public sealed record RegistryRemote(string Type, string Url)
{
    public IReadOnlyList<RegistryHeader>? Headers { get; init; }
}

/// <summary>A header a client supplies (the Registry API's <c>KeyValueInput</c>); secrets are never given a value here.</summary>
public sealed record RegistryHeader(string Name)
{
    public string? Description { get; init; }
    public bool? IsRequired { get; init; }
    public bool? IsSecret { get; init; }
    public string? Value { get; init; }
}
