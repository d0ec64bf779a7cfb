using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Marketplace.Cli.Output;

/// <summary>
/// Writes a JSON value as block-style YAML 1.2. Strings that YAML would read as something else (numbers, booleans,
/// null, text with indicators or line breaks) are written double-quoted, which YAML reads with JSON's escapes.
/// </summary>
public static class YamlWriter
{
    public static string Write(JsonElement value)
    {
        var text = new StringBuilder();
        switch (value.ValueKind)
        {
            case JsonValueKind.Object when value.EnumerateObject().Any():
                WriteObject(text, value, 0);
                break;
            case JsonValueKind.Array when value.GetArrayLength() > 0:
                WriteArray(text, value, 0);
                break;
            default:
                text.Append(Scalar(value)).Append('\n');
                break;
        }
        return text.ToString();
    }

    static void WriteObject(StringBuilder text, JsonElement obj, int indent, bool firstInline = false)
    {
        var first = true;
        foreach (var property in obj.EnumerateObject())
        {
            if (!(first && firstInline)) text.Append(' ', indent);
            first = false;
            text.Append(Key(property.Name)).Append(':');
            WriteValue(text, property.Value, indent);
        }
    }

    static void WriteArray(StringBuilder text, JsonElement array, int indent, bool firstInline = false)
    {
        var first = true;
        foreach (var item in array.EnumerateArray())
        {
            if (!(first && firstInline)) text.Append(' ', indent);
            first = false;
            text.Append('-');
            if (IsBlock(item))
            {
                text.Append(' ');
                if (item.ValueKind == JsonValueKind.Object) WriteObject(text, item, indent + 2, firstInline: true);
                else WriteArray(text, item, indent + 2, firstInline: true);
            }
            else text.Append(' ').Append(Scalar(item)).Append('\n');
        }
    }

    static void WriteValue(StringBuilder text, JsonElement value, int indent)
    {
        if (!IsBlock(value))
        {
            text.Append(' ').Append(Scalar(value)).Append('\n');
            return;
        }
        text.Append('\n');
        if (value.ValueKind == JsonValueKind.Object) WriteObject(text, value, indent + 2);
        else WriteArray(text, value, indent + 2);
    }

    static bool IsBlock(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.EnumerateObject().Any() ||
        value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0;

    static string Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "{}",
        JsonValueKind.Array => "[]",
        JsonValueKind.String => Text(value.GetString()!),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => "null",
    };

    static string Key(string name) => Text(name);

    /// <summary>Plain when YAML reads it back as the same string; otherwise double-quoted.</summary>
    static string Text(string s) => NeedsQuotes(s) ? JsonText.Format(JsonSerializer.SerializeToElement(s, CliJson.Default.String), indented: false) : s;

    static bool NeedsQuotes(string s)
    {
        if (s.Length == 0 || char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1])) return true;
        if ("-?:,[]{}#&*!|>'\"%@`".Contains(s[0])) return true;
        if (s.Contains(": ") || s.Contains(" #") || s.EndsWith(':')) return true;
        if (s.Any(c => char.IsControl(c))) return true;
        var lower = s.ToLowerInvariant();
        if (lower is "null" or "~" or "true" or "false" or "yes" or "no" or "on" or "off" or ".nan" or ".inf" or "-.inf") return true;
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _) || s.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
    }
}
