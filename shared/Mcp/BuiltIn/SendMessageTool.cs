using System.Text.Json;
using Marketplace.A2A.Gateway;
using Marketplace.A2A.Protocol;
using Marketplace.Errors;
using Marketplace.Registry;
using Marketplace.Tenancy;
using Microsoft.DurableTask.Client;
using ModelContextProtocol.Protocol;

namespace Marketplace.Mcp.BuiltIn;

/// <summary>
/// <c>marketplace.send_message</c>: one A2A <c>SendMessage</c> to a listing through the marketplace's own gateway,
/// in process, so the caller's role, the listing's visibility, billing and the task record are exactly those of a
/// JSON-RPC call to <c>/a2a/agents/{id}</c>.
/// </summary>
public sealed class SendMessageTool(GatewayHandlerFactory gateway, AgentSearchIndex index)
{
    public const int MaxText = 100_000;

    public async Task<CallToolResult> CallAsync(Caller caller, IReadOnlyDictionary<string, JsonElement> arguments, string baseUrl, DurableTaskClient durable, CancellationToken ct)
    {
        if (MarketplaceTools.Text(arguments, "agent") is not { Length: > 0 and <= 200 } agent)
            return ToolResults.Error("'agent' is required: an agent id or name from marketplace.search.");
        if (ReadParts(arguments) is not { } parts) return ToolResults.Error($"Give the message as 'text' (at most {MaxText} characters) or 'parts' (A2A parts: text, data or url), not both.");
        string? skill = null;
        if (arguments.TryGetValue("skill", out var rawSkill) && (rawSkill.ValueKind != JsonValueKind.String || (skill = rawSkill.GetString()) is not { Length: > 0 and <= 200 }))
            return ToolResults.Error("'skill' must be a skill id of the agent.");
        if (Resolve(caller, agent) is not { } agentId)
            return ToolResults.Error($"No agent '{agent}'.");
        if (agentId.Length == 0) return ToolResults.Error($"More than one agent is named '{agent}': call it by its agent id (marketplace.search shows them).");

        var message = new Message("mcp-" + Guid.NewGuid().ToString("N"), MessageRole.User, parts)
        {
            // The skill, as a hint in metadata: A2A has no standard field for it (as for agent-skill tools).
            Metadata = skill is null ? null : JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["skill"] = skill }),
        };
        SendMessageResponse response;
        try
        {
            GatewayHandlerFactory.EnsureMayCallAgents(caller);
            var handler = await gateway.CreateForCallerAsync(caller, agentId, baseUrl, durable, ct);
            if (skill is not null && handler.Listing.Card.Skills.All(s => s.Id != skill))
                return ToolResults.Error($"Agent '{agentId}' has no skill '{skill}'; its skills: {string.Join(", ", handler.Listing.Card.Skills.Select(s => s.Id))}.");
            response = await handler.SendMessageAsync(new SendMessageRequest(message), ct);
        }
        catch (A2AError error) when (error.Reason == A2AError.AgentNotFoundReason)
        {
            return ToolResults.Error($"No agent '{agent}'.");
        }
        catch (A2AError error)
        {
            return ToolResults.Error($"The agent could not be called: {error.Message}");
        }
        catch (DomainException refusal)
        {
            // The gateway's own refusals (credit, quota) before the agent is contacted.
            return ToolResults.Error($"The agent could not be called: {refusal.Error.Detail}");
        }
        var result = response.Message is { } reply
            ? JsonSerializer.SerializeToElement(new { agentId, message = reply }, ProtoJson.Options)
            : JsonSerializer.SerializeToElement(new { agentId, task = response.Task }, ProtoJson.Options);
        var failed = response.Task?.Status.State is TaskState.Failed or TaskState.Rejected or TaskState.Canceled;
        return new CallToolResult { Content = [new TextContentBlock { Text = result.GetRawText() }], StructuredContent = result, IsError = failed };
    }

    /// <summary>An id names the listing; a name must be unique among the listings the caller may see ("" when not).</summary>
    string? Resolve(Caller caller, string agent)
    {
        if (agent.StartsWith("agt-", StringComparison.Ordinal)) return Ids.CanNameResource(agent) ? agent : null;
        var named = index.Named(agent, caller);
        return named.Count switch { 0 => null, 1 => named[0].AgentId, _ => "" };
    }

    static IReadOnlyList<Part>? ReadParts(IReadOnlyDictionary<string, JsonElement> arguments)
    {
        var hasText = arguments.TryGetValue("text", out var text);
        var hasParts = arguments.TryGetValue("parts", out var parts);
        if (hasText == hasParts) return null;
        if (hasText) return text.ValueKind == JsonValueKind.String && text.GetString() is { Length: > 0 and <= MaxText } t ? [Part.FromText(t)] : null;
        if (parts.ValueKind != JsonValueKind.Array || parts.GetArrayLength() is 0 or > 32) return null;
        try
        {
            var read = parts.Deserialize<List<Part>>(ProtoJson.Options);
            // Exactly one content of text, data or url per part; raw bytes do not travel through a tool's JSON arguments.
            return read is not null && read.All(p => p is not null && p.Raw is null && new object?[] { p.Text, p.Data, p.Url }.Count(x => x is not null) == 1) ? read : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
