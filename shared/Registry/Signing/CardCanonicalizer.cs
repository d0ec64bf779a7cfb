using System.Text.Json;
using System.Text.Json.Nodes;

namespace Marketplace.Registry.Signing;

/// <summary>
/// The payload an agent card signature covers (A2A 1.0 §8.4.1): the card without <c>signatures</c>, members outside
/// the 1.0 schema dropped, defaults of presence-less fields dropped, then empty strings, arrays and objects dropped
/// at every depth, serialized with JCS. The empty-value step is what the A2A reference SDKs do (Python's and
/// JavaScript's), and a signature is only useful if they verify it; for any card the marketplace accepts it differs
/// from the specification's own wording only on values that carry nothing (an empty description, an empty scope list).
/// </summary>
public static class CardCanonicalizer
{
    public static byte[] Payload(JsonElement card) =>
        Jcs.Serialize(Clean(card.ValueKind == JsonValueKind.Object ? Shape(JsonObject.Create(card)!, CardSchema.AgentCard) : null) ?? new JsonObject());

    static JsonObject Shape(JsonObject source, CardMessage type)
    {
        var shaped = new JsonObject();
        foreach (var (name, value) in source)
        {
            if (value is null || !type.Fields.TryGetValue(name, out var field)) continue;
            var kept = field.Kind switch
            {
                FieldKind.Scalar => IsDefault(value) ? null : value.DeepClone(),
                FieldKind.Optional or FieldKind.Struct => value.DeepClone(),
                FieldKind.Message => value is JsonObject o ? Shape(o, field.Type!) : null,
                FieldKind.Repeated => value is JsonArray a ? new JsonArray(a.Select(item => Item(item, field.Type)).Where(i => i is not null).ToArray()) : null,
                FieldKind.Map => value is JsonObject m ? Entries(m, field.Type) : null,
                _ => null,
            };
            if (kept is not null) shaped[name] = kept;
        }
        return shaped;
    }

    static JsonNode? Item(JsonNode? item, CardMessage? type) =>
        type is null ? item?.DeepClone() : item is JsonObject o ? Shape(o, type) : null;

    static JsonObject Entries(JsonObject map, CardMessage? type)
    {
        var entries = new JsonObject();
        foreach (var (key, value) in map)
            if (Item(value, type) is { } kept) entries[key] = kept;
        return entries;
    }

    static bool IsDefault(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>().Length == 0,
        JsonValueKind.False => true,
        JsonValueKind.Number => value.GetValue<double>() == 0,
        _ => false,
    };

    /// <summary>Empty strings, nulls, and arrays or objects left empty after cleaning their members, removed.</summary>
    static JsonNode? Clean(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                var cleaned = new JsonObject();
                foreach (var (name, value) in obj)
                    if (Clean(value) is { } kept) cleaned[name] = kept;
                return cleaned.Count > 0 ? cleaned : null;
            case JsonArray array:
                var items = array.Select(Clean).Where(i => i is not null).ToArray();
                return items.Length > 0 ? new JsonArray(items) : null;
            default:
                return node.GetValueKind() == JsonValueKind.String && node.GetValue<string>().Length == 0 ? null : node.DeepClone();
        }
    }
}
