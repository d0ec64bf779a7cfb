using System.Text.Json;
using Marketplace.Http;

namespace Marketplace.Registry;

/// <summary>Collects errors while walking a card's JSON tree, each with its JSON path.</summary>
internal sealed class CardWalker
{
    public List<FieldError> Errors { get; } = [];

    public void Error(string path, string message) => Errors.Add(new FieldError(path, message));

    public JsonElement? Member(JsonElement obj, string path, string name, bool required)
    {
        if (obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null) return value;
        if (required) Error($"{path}.{name}", "Required.");
        return null;
    }

    public bool Object(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.Object) return true;
        Error(path, $"Expected an object, got {Describe(value)}.");
        return false;
    }

    public string? String(JsonElement obj, string path, string name, bool required, int max)
    {
        if (Member(obj, path, name, required) is not { } value) return null;
        return StringValue(value, $"{path}.{name}", max, allowEmpty: !required);
    }

    public string? StringValue(JsonElement value, string path, int max) => StringValue(value, path, max, allowEmpty: false);

    string? StringValue(JsonElement value, string path, int max, bool allowEmpty)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            Error(path, $"Expected a string, got {Describe(value)}.");
            return null;
        }
        var s = value.GetString()!;
        if (!allowEmpty && string.IsNullOrWhiteSpace(s)) Error(path, "Must not be empty.");
        else if (s.Length > max) Error(path, $"Must be at most {max} characters.");
        else return s;
        return null;
    }

    public void Url(JsonElement obj, string path, string name, bool required)
    {
        if (String(obj, path, name, required, 2048) is { Length: > 0 } s &&
            !(Uri.TryCreate(s, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
            Error($"{path}.{name}", "Must be an absolute http(s) URL.");
    }

    public void Bool(JsonElement obj, string path, string name)
    {
        if (Member(obj, path, name, required: false) is { } value && value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            Error($"{path}.{name}", $"Expected a boolean, got {Describe(value)}.");
    }

    public void MediaType(JsonElement value, string path)
    {
        if (StringValue(value, path, 200) is { } s && !System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(s, out _))
            Error(path, $"'{s}' is not a media type.");
    }

    public void Array(JsonElement obj, string path, string name, bool required, int minItems, int maxItems, Action<JsonElement, string> item)
    {
        if (Member(obj, path, name, required) is not { } value) return;
        var p = $"{path}.{name}";
        if (value.ValueKind != JsonValueKind.Array)
        {
            Error(p, $"Expected an array, got {Describe(value)}.");
            return;
        }
        var count = value.GetArrayLength();
        if (count < minItems) Error(p, $"Must have at least {minItems} item(s).");
        if (count > maxItems) Error(p, $"Must have at most {maxItems} items.");
        var i = 0;
        foreach (var element in value.EnumerateArray().Take(maxItems)) item(element, $"{p}[{i++}]");
    }

    static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
