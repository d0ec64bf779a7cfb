using System.Text.Json;
using System.Text.Json.Serialization;

namespace Marketplace.Registry;

// The A2A v1.0 AgentCard (specification/a2a.proto) in its ProtoJSON form. Fields this version of the marketplace does
// not model are kept in Extra so a card round-trips unchanged.

public sealed record AgentCard(
    string Name,
    string Description,
    IReadOnlyList<AgentInterface> SupportedInterfaces,
    string Version,
    AgentCapabilities Capabilities,
    IReadOnlyList<string> DefaultInputModes,
    IReadOnlyList<string> DefaultOutputModes,
    IReadOnlyList<AgentSkill> Skills)
{
    public AgentProvider? Provider { get; init; }
    public string? DocumentationUrl { get; init; }
    public IReadOnlyDictionary<string, SecurityScheme>? SecuritySchemes { get; init; }
    public IReadOnlyList<SecurityRequirement>? SecurityRequirements { get; init; }
    public IReadOnlyList<AgentCardSignature>? Signatures { get; init; }
    public string? IconUrl { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record AgentInterface(string Url, string ProtocolBinding, string ProtocolVersion)
{
    public string? Tenant { get; init; }
}

public sealed record AgentProvider(string Url, string Organization);

public sealed record AgentCapabilities
{
    public bool? Streaming { get; init; }
    public bool? PushNotifications { get; init; }
    public IReadOnlyList<AgentExtension>? Extensions { get; init; }
    public bool? ExtendedAgentCard { get; init; }
}

public sealed record AgentExtension(string Uri)
{
    public string? Description { get; init; }
    public bool? Required { get; init; }
    public JsonElement? Params { get; init; }
}

public sealed record AgentSkill(string Id, string Name, string Description, IReadOnlyList<string> Tags)
{
    public IReadOnlyList<string>? Examples { get; init; }
    public IReadOnlyList<string>? InputModes { get; init; }
    public IReadOnlyList<string>? OutputModes { get; init; }
    public IReadOnlyList<SecurityRequirement>? SecurityRequirements { get; init; }
}

public sealed record SecurityRequirement(IReadOnlyDictionary<string, StringList> Schemes);

public sealed record StringList(IReadOnlyList<string> List);

/// <summary>A oneof: exactly one member is set.</summary>
public sealed record SecurityScheme
{
    public ApiKeySecurityScheme? ApiKeySecurityScheme { get; init; }
    public HttpAuthSecurityScheme? HttpAuthSecurityScheme { get; init; }
    public JsonElement? Oauth2SecurityScheme { get; init; }
    public OpenIdConnectSecurityScheme? OpenIdConnectSecurityScheme { get; init; }
    public JsonElement? MtlsSecurityScheme { get; init; }
}

public sealed record ApiKeySecurityScheme(string Location, string Name)
{
    public string? Description { get; init; }
}

public sealed record HttpAuthSecurityScheme(string Scheme)
{
    public string? Description { get; init; }
    public string? BearerFormat { get; init; }
}

public sealed record OpenIdConnectSecurityScheme(string OpenIdConnectUrl)
{
    public string? Description { get; init; }
}

public sealed record AgentCardSignature(string Protected, string Signature)
{
    public JsonElement? Header { get; init; }
}
