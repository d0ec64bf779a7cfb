using System.Text.Json;
using Marketplace.Registry;

namespace Marketplace.A2A.V03;

// The A2A 0.3 AgentCard (specification/json/a2a.json at v0.3.0): one main endpoint (url + preferredTransport) and
// optional additionalInterfaces, OpenAPI-style security schemes, and the protocol version at the top level.

public sealed record AgentCardV03(
    string Name,
    string Description,
    string Url,
    string Version,
    AgentCapabilitiesV03 Capabilities,
    IReadOnlyList<string> DefaultInputModes,
    IReadOnlyList<string> DefaultOutputModes,
    IReadOnlyList<AgentSkillV03> Skills)
{
    public const string DefaultTransport = "JSONRPC";

    public string? ProtocolVersion { get; init; }
    public string? PreferredTransport { get; init; }
    public IReadOnlyList<AgentInterfaceV03>? AdditionalInterfaces { get; init; }
    public AgentProvider? Provider { get; init; }
    public string? IconUrl { get; init; }
    public string? DocumentationUrl { get; init; }
    public IReadOnlyDictionary<string, SecuritySchemeV03>? SecuritySchemes { get; init; }
    public IReadOnlyList<IReadOnlyDictionary<string, IReadOnlyList<string>>>? Security { get; init; }
    public bool? SupportsAuthenticatedExtendedCard { get; init; }

    /// <summary>
    /// Whether a published card is a 0.3 card: no 1.0 <c>supportedInterfaces</c>, and a 0.3 marker (the top-level
    /// <c>url</c>, <c>preferredTransport</c>, <c>additionalInterfaces</c> or a 0.x <c>protocolVersion</c>).
    /// </summary>
    public static bool Is(JsonElement card) =>
        card.ValueKind == JsonValueKind.Object && !card.TryGetProperty("supportedInterfaces", out _) &&
        (card.TryGetProperty("url", out _) || card.TryGetProperty("preferredTransport", out _) || card.TryGetProperty("additionalInterfaces", out _) ||
         (card.TryGetProperty("protocolVersion", out var v) && v.ValueKind == JsonValueKind.String && v.GetString()!.StartsWith("0.", StringComparison.Ordinal)));
}

public sealed record AgentInterfaceV03(string Url, string Transport);

public sealed record AgentCapabilitiesV03
{
    public bool? Streaming { get; init; }
    public bool? PushNotifications { get; init; }
    public bool? StateTransitionHistory { get; init; }
    public IReadOnlyList<AgentExtension>? Extensions { get; init; }
}

public sealed record AgentSkillV03(string Id, string Name, string Description, IReadOnlyList<string> Tags)
{
    public IReadOnlyList<string>? Examples { get; init; }
    public IReadOnlyList<string>? InputModes { get; init; }
    public IReadOnlyList<string>? OutputModes { get; init; }
    public IReadOnlyList<IReadOnlyDictionary<string, IReadOnlyList<string>>>? Security { get; init; }
}

/// <summary>An OpenAPI-style scheme discriminated by <c>type</c>: apiKey, http, oauth2, openIdConnect or mutualTLS.</summary>
public sealed record SecuritySchemeV03(string Type)
{
    public string? Description { get; init; }
    public string? In { get; init; }
    public string? Name { get; init; }
    public string? Scheme { get; init; }
    public string? BearerFormat { get; init; }
    public JsonElement? Flows { get; init; }
    public string? Oauth2MetadataUrl { get; init; }
    public string? OpenIdConnectUrl { get; init; }
}
