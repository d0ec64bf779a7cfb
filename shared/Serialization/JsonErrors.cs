using System.Text.RegularExpressions;

namespace Marketplace.Serialization;

/// <summary>
/// What a caller is told about JSON that does not fit: the serializer's own messages name .NET types
/// ("could not be converted to Marketplace.Mcp.CreateToolRequest") and reader positions, so they are turned into
/// fixed phrases; the reader's syntax messages (which quote only the caller's own characters) pass without position.
/// </summary>
public static partial class JsonErrors
{
    public static string Describe(string message)
    {
        var text = message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].Trim();
        if (text.Contains("could not be converted to", StringComparison.Ordinal)) return "Has the wrong JSON type for this field.";
        if (text.Contains("could not be mapped to any", StringComparison.Ordinal)) return "Not a member of this payload.";
        if (text.Contains("Duplicate", StringComparison.OrdinalIgnoreCase) || text.Contains("already been", StringComparison.Ordinal)) return "A member may appear only once.";
        if (MissingRequired().Match(text) is { Success: true } missing) return $"Missing required properties: {missing.Groups[1].Value}";
        return TypeName().IsMatch(text) ? "The JSON does not fit this field." : text;
    }

    [GeneratedRegex("missing required properties including: (.+)$")]
    private static partial Regex MissingRequired();

    /// <summary>A namespace-qualified name or a generic arity marker: something only the code knows.</summary>
    [GeneratedRegex(@"\b(System|Microsoft|Marketplace|ModelContextProtocol)\.[A-Za-z]|`\d|\bType\b|\btype '")]
    private static partial Regex TypeName();
}
