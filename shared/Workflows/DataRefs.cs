extern alias JsonEverything;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using JsonEverything::Json.Pointer;

namespace Marketplace.Workflows;

/// <summary>
/// How steps take data from the run: a JSON object <c>{"from": "/json/pointer"}</c> anywhere in a template is replaced
/// by the value it points to (RFC 6901), and <c>{{/json/pointer}}</c> inside a string by that value as text. Pointers
/// address the run's data: <c>/input</c>, <c>/steps/{id}/output</c>, and inside a map <c>/item</c> and <c>/index</c>.
/// A pointer to something absent (a step a condition skipped) yields null.
/// </summary>
public static partial class DataRefs
{
    [GeneratedRegex(@"\{\{\s*(/[^}\s]*)\s*\}\}")]
    private static partial Regex Placeholder();

    /// <summary>Every pointer a template uses, with the JSON path of where it is used.</summary>
    public static IEnumerable<(string Pointer, string Path)> Find(JsonElement template, string path)
    {
        switch (template.ValueKind)
        {
            case JsonValueKind.Object when IsRef(template, out var pointer):
                yield return (pointer, path + ".from");
                break;
            case JsonValueKind.Object:
                foreach (var p in template.EnumerateObject())
                foreach (var found in Find(p.Value, $"{path}.{p.Name}")) yield return found;
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in template.EnumerateArray())
                foreach (var found in Find(item, $"{path}[{i++}]")) yield return found;
                break;
            case JsonValueKind.String:
                foreach (Match m in Placeholder().Matches(template.GetString()!)) yield return (m.Groups[1].Value, path);
                break;
        }
    }

    /// <summary>The template with every reference replaced by the data it points to.</summary>
    public static JsonElement Resolve(JsonElement template, JsonElement data) =>
        JsonSerializer.SerializeToElement(ResolveNode(template, data));

    public static JsonElement? Evaluate(string pointer, JsonElement data) =>
        JsonPointer.TryParse(pointer, out var p) ? p.Evaluate(data) : null;

    public static bool IsValidPointer(string pointer) => JsonPointer.TryParse(pointer, out _);

    static JsonNode? ResolveNode(JsonElement template, JsonElement data)
    {
        switch (template.ValueKind)
        {
            case JsonValueKind.Object when IsRef(template, out var pointer):
                return Evaluate(pointer, data) is { } value ? JsonNode.Parse(value.GetRawText()) : null;
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var p in template.EnumerateObject()) obj[p.Name] = ResolveNode(p.Value, data);
                return obj;
            case JsonValueKind.Array:
                var array = new JsonArray();
                foreach (var item in template.EnumerateArray()) array.Add(ResolveNode(item, data));
                return array;
            case JsonValueKind.String:
                var text = template.GetString()!;
                return JsonValue.Create(Placeholder().Replace(text, m => Evaluate(m.Groups[1].Value, data) is { } v ? Text(v) : ""));
            default:
                return JsonNode.Parse(template.GetRawText());
        }
    }

    /// <summary>Strings go in as they are; anything else as its JSON.</summary>
    public static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => value.GetRawText(),
    };

    static bool IsRef(JsonElement obj, out string pointer)
    {
        pointer = "";
        using var e = obj.EnumerateObject();
        if (!e.MoveNext() || e.Current.Name != "from" || e.Current.Value.ValueKind != JsonValueKind.String) return false;
        pointer = e.Current.Value.GetString()!;
        return !e.MoveNext();
    }
}
