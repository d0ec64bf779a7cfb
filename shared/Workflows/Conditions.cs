using System.Text.Json;
using NCalc;

namespace Marketplace.Workflows;

/// <summary>
/// Condition steps use NCalc expressions (operators, comparisons and NCalc's built-in functions only; no code of
/// ours or the designer's runs). Data comes in as bracketed parameters holding JSON pointers, e.g.
/// <c>[/steps/review/output/score] &gt;= 4 and [/input/region] == 'eu'</c>.
/// </summary>
public static class Conditions
{
    /// <summary>The parse error, or the pointers the expression reads.</summary>
    public static (string? Error, IReadOnlyList<string> Pointers) Check(string expression)
    {
        var parsed = new Expression(expression);
        if (parsed.HasErrors()) return ($"Not a valid expression: {parsed.Error?.Message}", []);
        return (null, parsed.GetParameterNames().ToList());
    }

    /// <summary>The expression's value over the run's data; anything but a boolean is an error.</summary>
    public static bool Evaluate(string expression, JsonElement data)
    {
        var parsed = new Expression(expression);
        parsed.EvaluateParameter += (name, args) => args.Result = DataRefs.Evaluate(name, data) is { } value ? Scalar(value) : null;
        return parsed.Evaluate() switch
        {
            bool b => b,
            var other => throw new InvalidOperationException($"The condition gave {other ?? "null"}, not true or false."),
        };
    }

    static object? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out var l) ? l : value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        // Arrays and objects compare as their length, so "[/steps/search/output/hits] > 0" reads naturally.
        JsonValueKind.Array => (long)value.GetArrayLength(),
        _ => (long)value.EnumerateObject().Count(),
    };
}
