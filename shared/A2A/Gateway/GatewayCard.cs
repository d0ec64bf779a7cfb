using Marketplace.A2A.Server;
using Marketplace.Registry;

namespace Marketplace.A2A.Gateway;

/// <summary>
/// A listing's card as the marketplace serves it: the agent's skills and modes, reachable only through the gateway
/// (JSON-RPC and HTTP+JSON), secured with marketplace keys, streaming and push notifications provided by the gateway.
/// </summary>
public static class GatewayCard
{
    public const string ApiKeyScheme = "marketplaceApiKey";
    public const string BearerScheme = "marketplaceBearer";

    public static string JsonRpcPath(string agentId) => $"/a2a/agents/{agentId}";

    public static string RestPath(string agentId) => $"/a2a/agents/{agentId}/rest";

    public static AgentCard For(AgentListing listing, string baseUrl)
    {
        var card = listing.Card;
        return card with
        {
            SupportedInterfaces =
            [
                new AgentInterface(baseUrl + JsonRpcPath(listing.AgentId), "JSONRPC", A2AVersion.Current),
                new AgentInterface(baseUrl + RestPath(listing.AgentId), "HTTP+JSON", A2AVersion.Current),
            ],
            Capabilities = card.Capabilities with { Streaming = true, PushNotifications = true, ExtendedAgentCard = false },
            SecuritySchemes = SecuritySchemes,
            SecurityRequirements = SecurityRequirements,
            // The agent's own signatures cover its own card, not this rewritten one.
            Signatures = null,
            // Skill-level requirements name the agent's schemes, which callers of the gateway never use.
            Skills = card.Skills.Select(s => s with { SecurityRequirements = null }).ToList(),
            Extra = null,
        };
    }

    /// <summary>Every card the marketplace serves asks for a marketplace key, as a header or a bearer token.</summary>
    public static IReadOnlyDictionary<string, SecurityScheme> SecuritySchemes { get; } = new Dictionary<string, SecurityScheme>
    {
        [ApiKeyScheme] = new() { ApiKeySecurityScheme = new ApiKeySecurityScheme("header", "X-API-Key") { Description = "A marketplace API key" } },
        [BearerScheme] = new() { HttpAuthSecurityScheme = new HttpAuthSecurityScheme("bearer") { Description = "A marketplace API key as a bearer token" } },
    };

    public static IReadOnlyList<SecurityRequirement> SecurityRequirements { get; } =
    [
        new SecurityRequirement(new Dictionary<string, StringList> { [ApiKeyScheme] = new([]) }),
        new SecurityRequirement(new Dictionary<string, StringList> { [BearerScheme] = new([]) }),
    ];
}
