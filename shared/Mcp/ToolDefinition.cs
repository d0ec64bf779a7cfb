using System.Text.Json;

namespace Marketplace.Mcp;

/// <summary>What a tool's MCP clients see of it, and what its hash covers besides the name.</summary>
public sealed record ToolDefinition(string Description, JsonElement InputSchema)
{
    public JsonElement? OutputSchema { get; init; }

    public static ToolDefinition Of(RegisteredTool tool) => new(tool.Description, tool.InputSchema) { OutputSchema = tool.OutputSchema };
}

/// <summary>
/// What <c>GET /api/tools/{toolName}/definitions</c> answers: the current definition beside the approved one, so a
/// reviewer sees what changed before approving a blocked tool. <c>Approved</c> is null while the tool was never
/// approved, and for tools approved before the marketplace kept the approved text (only its hash is known then).
/// </summary>
public sealed record ToolDefinitionsView(string Name, string DefinitionHash, ToolDefinition Current)
{
    public string? ApprovedHash { get; init; }
    public ToolDefinition? Approved { get; init; }
}
