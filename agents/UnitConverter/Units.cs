using System.Globalization;
using System.Text.RegularExpressions;

namespace Marketplace.Agents.UnitConverter;

public sealed record Conversion(double Value, string Unit, string Input);

/// <summary>Linear units by dimension (factor to the base unit); temperatures convert through kelvin.</summary>
public static partial class Units
{
    static readonly Dictionary<string, (string Dimension, double Factor)> Linear = new(StringComparer.OrdinalIgnoreCase)
    {
        ["m"] = ("length", 1), ["km"] = ("length", 1000), ["cm"] = ("length", 0.01), ["mm"] = ("length", 0.001),
        ["mi"] = ("length", 1609.344), ["ft"] = ("length", 0.3048), ["in"] = ("length", 0.0254),
        ["kg"] = ("mass", 1), ["g"] = ("mass", 0.001), ["lb"] = ("mass", 0.45359237), ["oz"] = ("mass", 0.028349523125),
    };

    static readonly HashSet<string> Temperatures = new(StringComparer.OrdinalIgnoreCase) { "c", "f", "k" };

    /// <summary>Parses "12 km to mi" / "12 km in mi" / "12 km" (no target).</summary>
    public static bool TryParse(string text, out double value, out string from, out string? to)
    {
        var m = RequestPattern().Match(text.Trim());
        (value, from, to) = (0, "", null);
        if (!m.Success) return false;
        value = double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
        from = m.Groups["from"].Value;
        to = m.Groups["to"].Success ? m.Groups["to"].Value : null;
        return true;
    }

    public static bool IsKnown(string unit) => Linear.ContainsKey(unit) || Temperatures.Contains(unit);

    public static double Convert(double value, string from, string to)
    {
        if (Temperatures.Contains(from) && Temperatures.Contains(to)) return Math.Round(FromKelvin(ToKelvin(value, from), to), 4);
        if (Linear.TryGetValue(from, out var a) && Linear.TryGetValue(to, out var b) && a.Dimension == b.Dimension)
            return Math.Round(value * a.Factor / b.Factor, 4);
        throw new InvalidOperationException($"Cannot convert {from} to {to}.");
    }

    static double ToKelvin(double v, string unit) => unit.ToLowerInvariant() switch { "c" => v + 273.15, "f" => (v - 32) * 5 / 9 + 273.15, _ => v };

    static double FromKelvin(double k, string unit) => unit.ToLowerInvariant() switch { "c" => k - 273.15, "f" => (k - 273.15) * 9 / 5 + 32, _ => k };

    [GeneratedRegex(@"^(?<value>-?\d+(\.\d+)?)\s*(?<from>[a-zA-Z]+)(\s+(to|in)\s+(?<to>[a-zA-Z]+))?$")]
    private static partial Regex RequestPattern();
}
