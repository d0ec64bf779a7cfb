using System.Text.Json;
using Marketplace.Http;

namespace Marketplace.Registry;

/// <summary>
/// What a card schema cannot say, in either protocol version: skill ids are unique, and every security requirement
/// (the card's and each skill's) names a scheme the card declares. The versions differ only in how a requirement
/// is written, which <c>schemesNamed</c> reads: it yields each named scheme with the path to report it at.
/// </summary>
public static class CardSemantics
{
    public delegate IEnumerable<(string Scheme, string Path)> SchemesNamed(JsonElement owner, string path);

    public static void Check(JsonElement card, string path, SchemesNamed schemesNamed, List<FieldError> errors)
    {
        var declared = card.TryGetProperty("securitySchemes", out var schemes) && schemes.ValueKind == JsonValueKind.Object
            ? schemes.EnumerateObject().Select(s => s.Name).ToHashSet(StringComparer.Ordinal)
            : [];
        Undeclared(card, path);
        var skillIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (skill, at) in Items(card, "skills", path))
        {
            if (skill.ValueKind != JsonValueKind.Object) continue;
            if (skill.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && !skillIds.Add(id.GetString()!))
                errors.Add(new($"{at}.id", $"Skill id '{id.GetString()}' is used twice."));
            Undeclared(skill, at);
        }

        void Undeclared(JsonElement owner, string at)
        {
            foreach (var (scheme, schemePath) in schemesNamed(owner, at).Where(s => !declared.Contains(s.Scheme)))
                errors.Add(new(schemePath, $"Security scheme '{scheme}' is not declared in securitySchemes."));
        }
    }

    /// <summary>The items of an array member, each with its path (none when the member is missing or no array).</summary>
    public static IEnumerable<(JsonElement Item, string Path)> Items(JsonElement owner, string name, string path) =>
        owner.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select((item, i) => (item, $"{path}.{name}[{i}]"))
            : [];
}
