using System.Text.Json;
using ModelContextProtocol.Protocol;
using Marketplace.Errors;

namespace Marketplace.Mcp;

/// <summary>What every tool call shares: argument checks against the tool's schema, and errors as tool results.</summary>
public static class ToolResults
{
    /// <summary>The one place a <see cref="DomainError"/> becomes an MCP tool error: its detail and field errors, so a model can correct its input.</summary>
    public static CallToolResult Refused(DomainError error) =>
        Error(string.Join(" ", [error.Detail, .. (error.Errors ?? []).Select(e => $"{e.Path}: {e.Message}")]));

    /// <summary>The schema's required properties must be present and its declared primitive types respected.</summary>
    public static string? Validate(RegisteredTool tool, IReadOnlyDictionary<string, JsonElement> arguments)
    {
        var schema = tool.InputSchema;
        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                if (!arguments.ContainsKey(name)) return $"Missing required argument '{name}'.";
        if (!schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object) return null;
        foreach (var (name, value) in arguments)
        {
            if (!properties.TryGetProperty(name, out var property) || !property.TryGetProperty("type", out var type)) continue;
            var ok = type.GetString() switch
            {
                "string" => value.ValueKind == JsonValueKind.String,
                "number" => value.ValueKind == JsonValueKind.Number,
                "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
                "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
                "object" => value.ValueKind == JsonValueKind.Object,
                "array" => value.ValueKind == JsonValueKind.Array,
                _ => true,
            };
            if (!ok) return $"Argument '{name}' must be of type {type.GetString()}.";
        }
        return null;
    }

    /// <summary>A failed call, reported to the model as MCP asks (<c>isError</c>), not as a protocol error.</summary>
    public static CallToolResult Error(string message) => new() { IsError = true, Content = [new TextContentBlock { Text = message }] };
}
