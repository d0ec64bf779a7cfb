using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Security;

namespace Marketplace.Mcp;

/// <summary>The pinned part of a tool: what an MCP client sees of it, hashed so a change of any of it is noticed.</summary>
public static class ToolDefinitions
{
    public static string Hash(string name, string description, JsonElement inputSchema, JsonElement? outputSchema)
    {
        // Re-serialized so whitespace differences between two answers of the same server do not count as changes.
        var definition = new JsonObject
        {
            ["name"] = name,
            ["description"] = description,
            ["inputSchema"] = JsonNode.Parse(inputSchema.GetRawText()),
            ["outputSchema"] = outputSchema is { } o ? JsonNode.Parse(o.GetRawText()) : null,
        };
        return "sha256:" + Sha256.Hex(definition.ToJsonString());
    }

    public static string Hash(RegisteredTool tool) => Hash(tool.Name, tool.Description, tool.InputSchema, tool.OutputSchema);
}
