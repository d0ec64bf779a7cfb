using System.Text.Json;
using Marketplace.Tenancy;
using Microsoft.DurableTask.Client;
using ModelContextProtocol.Protocol;

namespace Marketplace.Mcp;

/// <summary>Runs a tool by its kind: an HTTP call, an agent's skill through the gateway, or a federated server's tool.</summary>
public sealed class ToolInvokers(HttpToolInvoker httpTools, AgentSkillInvoker skillTools, FederatedServers federated, IMcpServerStore servers)
{
    /// <param name="durable">The operation's Durable client: an agent-skill tool's task may outlive the call, and its lifecycle starts with it.</param>
    public async Task<CallToolResult> InvokeAsync(Caller caller, RegisteredTool tool, IReadOnlyDictionary<string, JsonElement> arguments, string baseUrl, string callId,
        DurableTaskClient durable, CancellationToken ct) => tool switch
    {
        { Http: { } spec } => await httpTools.CallAsync(tool, spec, arguments, ct, callId),
        { Skill: { } skill } => await skillTools.CallAsync(caller, skill, baseUrl, arguments, durable, ct),
        { Upstream: { } upstream } => await servers.GetAsync(tool.TenantId, upstream.Server, ct) is { } server
            ? await federated.CallAsync(server, tool, arguments, ct)
            : ToolResults.Error("The tool's upstream server is no longer registered."),
        _ => ToolResults.Error("The tool has no target."),
    };
}
