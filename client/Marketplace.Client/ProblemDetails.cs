using System.Text.Json;

namespace Marketplace.Client;

/// <summary>An RFC 9457 problem as the API answers it; validation problems list each error by JSON path.</summary>
public sealed record ProblemDetails
{
    public string? Type { get; init; }
    public string? Title { get; init; }
    public int? Status { get; init; }
    public string? Detail { get; init; }
    public JsonElement? Errors { get; init; }

    /// <summary>Each validation error as "path: message", whether the API sent them as a list or keyed by path.</summary>
    public IEnumerable<string> ErrorLines()
    {
        if (Errors is not { } errors) yield break;
        if (errors.ValueKind == JsonValueKind.Array)
        {
            foreach (var e in errors.EnumerateArray())
                yield return e.ValueKind == JsonValueKind.Object
                    ? $"{Str(e, "path") ?? Str(e, "pointer") ?? "$"}: {Str(e, "message") ?? Str(e, "detail") ?? e.GetRawText()}"
                    : e.ToString();
        }
        else if (errors.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in errors.EnumerateObject())
                if (p.Value.ValueKind == JsonValueKind.Array)
                    foreach (var m in p.Value.EnumerateArray()) yield return $"{p.Name}: {m}";
                else yield return $"{p.Name}: {p.Value}";
        }
    }

    static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
