using Marketplace.Serialization;
using System.Text.Json;
using Marketplace.Http;
using Marketplace.Mcp;

namespace Marketplace.Events;

/// <summary>
/// Tools of a tenant's registry on the <c>system-notifications</c> topic. A federated tool is blocked when its upstream
/// definition no longer matches the approved one; the id names the new definition, so finding the same drift at a
/// sync and at a call is one event.
/// </summary>
public static class ToolEvents
{
    public const string BlockedType = "marketplace.tool.blocked";

    public static IntegrationEvent Blocked(RegisteredTool tool, string server, string definitionHash, DateTimeOffset at) => new(
        $"tool:{tool.TenantId}:{tool.Name}:blocked:{definitionHash}", Topics.SystemNotifications, BlockedType, "/api/tools", tool.Name, at, tool.TenantId,
        JsonSerializer.SerializeToElement(new ToolBlockedData(tool.Name, server, definitionHash, tool.ApprovedHash), Json.Lenient));
}

public sealed record ToolBlockedData(string ToolName, string Server, string DefinitionHash, string? ApprovedHash);
