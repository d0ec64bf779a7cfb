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
    public IEnumerable<string> ErrorLines() => FieldErrors().Select(e => $"{e.Path}: {e.Message}");

    /// <summary>Each validation error with the JSON path it concerns ("$" when the API named none).</summary>
    public IEnumerable<FieldProblem> FieldErrors()
    {
        if (Errors is not { } errors) yield break;
        if (errors.ValueKind == JsonValueKind.Array)
        {
            foreach (var e in errors.EnumerateArray())
                yield return e.ValueKind == JsonValueKind.Object
                    ? new(Str(e, "path") ?? Str(e, "pointer") ?? "$", Str(e, "message") ?? Str(e, "detail") ?? e.GetRawText())
                    : new("$", e.ToString());
        }
        else if (errors.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in errors.EnumerateObject())
                if (p.Value.ValueKind == JsonValueKind.Array)
                    foreach (var m in p.Value.EnumerateArray()) yield return new(p.Name, m.ToString());
                else yield return new(p.Name, p.Value.ToString());
        }
    }

    static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

/// <summary>One validation error of a problem: the JSON path of the field and what is wrong with it.</summary>
public sealed record FieldProblem(string Path, string Message);
