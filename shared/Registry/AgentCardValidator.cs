using System.Text.Json;
using Marketplace.Http;

namespace Marketplace.Registry;

/// <summary>
/// Checks a card before it is deserialized, so every problem is reported at once with its JSON path instead of
/// stopping at the first type error: its shape against the A2A v1.0 AgentCard schema
/// (<c>Schemas/agent-card.schema.json</c>), then what a schema cannot say: skill ids are unique, and every security
/// requirement names a scheme the card declares.
/// </summary>
public static class AgentCardValidator
{
    public static ShapeSchema Schema { get; } = ShapeSchema.Embedded(typeof(AgentCardValidator).Assembly, "agent-card.schema.json");

    public static IReadOnlyList<FieldError> Validate(JsonElement card, string path = "$")
    {
        var errors = Schema.Validate(card, path).ToList();
        if (card.ValueKind != JsonValueKind.Object) return errors;

        var declared = card.TryGetProperty("securitySchemes", out var schemes) && schemes.ValueKind == JsonValueKind.Object
            ? schemes.EnumerateObject().Select(s => s.Name).ToHashSet(StringComparer.Ordinal)
            : [];
        Requirements(card, path, declared, errors);

        var skillIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (skill, at) in Items(card, "skills", path))
        {
            if (skill.ValueKind != JsonValueKind.Object) continue;
            if (skill.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && !skillIds.Add(id.GetString()!))
                errors.Add(new($"{at}.id", $"Skill id '{id.GetString()}' is used twice."));
            Requirements(skill, at, declared, errors);
        }
        return errors;
    }

    /// <summary>The schemes a card's or a skill's security requirements name must be declared in securitySchemes.</summary>
    static void Requirements(JsonElement owner, string path, HashSet<string> declared, List<FieldError> errors)
    {
        foreach (var (requirement, at) in Items(owner, "securityRequirements", path))
            if (requirement.ValueKind == JsonValueKind.Object && requirement.TryGetProperty("schemes", out var schemes) && schemes.ValueKind == JsonValueKind.Object)
                foreach (var scheme in schemes.EnumerateObject().Where(s => !declared.Contains(s.Name)))
                    errors.Add(new($"{at}.schemes['{scheme.Name}']", $"Security scheme '{scheme.Name}' is not declared in securitySchemes."));
    }

    static IEnumerable<(JsonElement Item, string Path)> Items(JsonElement owner, string name, string path) =>
        owner.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select((item, i) => (item, $"{path}.{name}[{i}]"))
            : [];
}
