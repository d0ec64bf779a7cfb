using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Marketplace.A2A.Protocol;

/// <summary>
/// ProtoJSON as A2A uses it: lowerCamelCase members out, the proto's snake_case names accepted in, enums by name,
/// timestamps as UTC ISO 8601 with milliseconds. Unknown members are ignored so newer peers stay readable.
/// </summary>
public static class ProtoJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        };
        options.Converters.Add(new UtcTimestampConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static T Deserialize<T>(JsonNode? node) => node.Deserialize<T>(Options) ?? throw new JsonException("Expected an object, got null.");

    public static T Deserialize<T>(ReadOnlySpan<byte> utf8) => JsonSerializer.Deserialize<T>(utf8, Options) ?? throw new JsonException("Expected an object, got null.");

    /// <summary>Reads request parameters; a type or shape problem is InvalidParams naming the field.</summary>
    public static T ReadParams<T>(JsonNode? node, string root)
    {
        if (node is null) throw A2AError.InvalidParams(root, "required");
        return ReadParams(root, () => Deserialize<T>(NormalizeNames(node)));
    }

    /// <summary>Reads request parameters from their bytes, whose member names need no renaming (<see cref="JsonRpcBytes"/>).</summary>
    public static T ReadParams<T>(ReadOnlyMemory<byte> utf8, string root) => ReadParams(root, () => Deserialize<T>(utf8.Span));

    static T ReadParams<T>(string root, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (JsonException ex)
        {
            var field = (ex.Path ?? "$").TrimStart('$').TrimStart('.');
            throw A2AError.InvalidParams(field.Length == 0 ? root : field, Serialization.JsonErrors.Describe(ex.Message));
        }
        catch (InvalidOperationException ex)
        {
            throw A2AError.InvalidParams(root, Serialization.JsonErrors.Describe(ex.Message));
        }
    }

    public static JsonNode ToNode<T>(T value) => JsonSerializer.SerializeToNode(value, Options)!;

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>
    /// Renames snake_case members to lowerCamelCase throughout a request, except inside free-form values
    /// (metadata, data parts, extension params) whose keys belong to the sender.
    /// </summary>
    public static JsonNode? NormalizeNames(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                List<string>? snake = null;
                foreach (var (name, value) in obj)
                {
                    if (name.Contains('_')) (snake ??= []).Add(name);
                    else if (!IsFreeForm(name)) NormalizeNames(value);
                }
                // Renamed only after the walk: an object cannot change while it is enumerated.
                foreach (var name in snake ?? [])
                {
                    var camel = ToCamel(name);
                    var value = obj[name];
                    obj.Remove(name);
                    if (obj.ContainsKey(camel)) continue;
                    obj[camel] = value;
                    if (!IsFreeForm(camel)) NormalizeNames(value);
                }
                break;
            case JsonArray array:
                foreach (var item in array) NormalizeNames(item);
                break;
        }
        return node;
    }

    static bool IsFreeForm(string name) => name is "metadata" or "data" or "params" or "header";

    static string ToCamel(string snake)
    {
        var parts = snake.Split('_', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 0 ? snake : parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

    sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
    {
        // A JsonException, so the serializer adds the member's path and the caller gets invalid params, not a crash.
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
                ? value
                : throw new JsonException("must be an RFC 3339 timestamp");

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }
}
