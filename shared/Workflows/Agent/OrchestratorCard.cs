using Marketplace.A2A.Gateway;
using Marketplace.A2A.Server;
using Marketplace.Registry;

namespace Marketplace.Workflows.Agent;

/// <summary>
/// Each tenant's orchestrator agent: an A2A agent whose skills are the tenant's active workflows. Sending it a
/// message starts a run of the skill named in the message's metadata; the run is the A2A task.
/// </summary>
public static class OrchestratorCard
{
    public static string JsonRpcPath(string tenantId) => $"/a2a/workflows/{tenantId}";

    public static AgentCard For(string tenantId, IEnumerable<WorkflowSummary> workflows, string baseUrl) =>
        new($"Workflows of {tenantId}",
            "Runs this tenant's published multi-agent workflows. Name the workflow in message metadata as \"skill\"; a data part is the run's input.",
            [new AgentInterface(baseUrl + JsonRpcPath(tenantId), "JSONRPC", A2AVersion.Current)],
            "1.0.0",
            new AgentCapabilities { Streaming = true, PushNotifications = false, ExtendedAgentCard = false },
            ["application/json", "text/plain"],
            ["application/json"],
            workflows.Where(w => w.Status == WorkflowStatus.Active)
                .Select(w => new AgentSkill(w.WorkflowId, w.Name, w.Description ?? w.Name, ["workflow"]) { InputModes = ["application/json", "text/plain"] })
                .ToList())
        {
            SecuritySchemes = GatewayCard.SecuritySchemes,
            SecurityRequirements = GatewayCard.SecurityRequirements,
        };
}
