using Marketplace.A2A.Gateway;
using Marketplace.A2A.Server;
using Marketplace.Registry;

namespace Marketplace.Concierge;

/// <summary>
/// The marketplace's own agent, at the root well-known card: it finds agents for a need in words (<c>find-agent</c>)
/// and runs the best one for a request through the gateway (<c>delegate</c>). The skill is named in message
/// metadata as <c>"skill"</c>; without one it finds.
/// </summary>
public static class ConciergeCard
{
    public const string JsonRpcPath = "/a2a/concierge";
    public const string FindAgent = "find-agent", Delegate = "delegate";

    public static AgentCard For(string baseUrl) =>
        new("Marketplace Concierge",
            "Finds the marketplace's agents for what you need, in words, and can hand your request to the best one. " +
            "Name the skill in message metadata as \"skill\" (find-agent or delegate).",
            [new AgentInterface(baseUrl + JsonRpcPath, "JSONRPC", A2AVersion.Current)],
            "1.0.0",
            new AgentCapabilities { Streaming = true, PushNotifications = false, ExtendedAgentCard = false },
            ["text/plain"],
            ["text/plain", "application/json"],
            [
                new AgentSkill(FindAgent, "Find an agent",
                    "Ranks the agents you may call for a need described in words; answers with a text summary and a data part listing each agent with why it matched.",
                    ["discovery", "search"]) { Examples = ["convert 26 miles to kilometres", "summarize a long report"] },
                new AgentSkill(Delegate, "Delegate to the best agent",
                    "Runs the best-ranked agent for your request through the marketplace (billed at its price, recorded as its task) and answers with its reply.",
                    ["discovery", "delegation"]) { Examples = ["extract the keywords of: cats purr, cats sleep"] },
            ])
        {
            SecuritySchemes = GatewayCard.SecuritySchemes,
            SecurityRequirements = GatewayCard.SecurityRequirements,
        };
}
