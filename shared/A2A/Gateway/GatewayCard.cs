using Marketplace.A2A.Server;
using Marketplace.Registry;

namespace Marketplace.A2A.Gateway;

/// <summary>
/// A listing's card as the marketplace serves it: the agent's skills and modes, reachable only through the gateway
/// (JSON-RPC and HTTP+JSON), secured with marketplace keys, streaming and push notifications provided by the gateway.
/// The JSON-RPC endpoint also serves 0.3 callers: it is listed a second time with protocol version 0.3, and the 0.3
/// members a 0.3 client reads (<c>url</c>, <c>preferredTransport</c>, <c>protocolVersion</c>) are set at the top level,
/// where a 1.0 client ignores them.
/// </summary>
public static class GatewayCard
{
    public const string ApiKeyScheme = "marketplaceApiKey";
    public const string BearerScheme = "marketplaceBearer";

    public static string JsonRpcPath(string agentId) => $"/a2a/agents/{agentId}";

    public static string RestPath(string agentId) => $"/a2a/agents/{agentId}/rest";

    public const string V03Version = "0.3.0";

    public static AgentCard For(AgentListing listing, string baseUrl)
    {
        var card = listing.Card;
        var jsonRpc = baseUrl + JsonRpcPath(listing.AgentId);
        return card with
        {
            SupportedInterfaces =
            [
                new AgentInterface(jsonRpc, "JSONRPC", A2AVersion.Current),
                new AgentInterface(baseUrl + RestPath(listing.AgentId), "HTTP+JSON", A2AVersion.Current),
                new AgentInterface(jsonRpc, "JSONRPC", V03Version),
            ],
            Capabilities = card.Capabilities with { Streaming = true, PushNotifications = true, ExtendedAgentCard = false },
            SecuritySchemes = SecuritySchemes,
            SecurityRequirements = SecurityRequirements,
            // The agent's own signatures cover its own card, not this rewritten one.
            Signatures = null,
            // Skill-level requirements name the agent's schemes, which callers of the gateway never use.
            Skills = card.Skills.Select(s => s with { SecurityRequirements = null }).ToList(),
            Extra = new()
            {
                ["url"] = System.Text.Json.JsonSerializer.SerializeToElement(jsonRpc),
                ["preferredTransport"] = System.Text.Json.JsonSerializer.SerializeToElement("JSONRPC"),
                ["protocolVersion"] = System.Text.Json.JsonSerializer.SerializeToElement(V03Version),
            },
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
