using System.Text.Json;
using Marketplace.Http;

namespace Marketplace.A2A.V03;

/// <summary>
/// Checks a card against the A2A 0.3 AgentCard shape, reporting every problem at once with its JSON path: the shape
/// by <c>Schemas/agent-card-v03.schema.json</c> (the marketplace's own limits, sizes and at least one skill, are
/// those of 1.0 cards), then what a schema cannot say: the protocol version is a 0.3 one, skill ids are unique, and
/// every security requirement names a scheme the card declares.
/// </summary>
public static class AgentCardV03Validator
{
    public static ShapeSchema Schema { get; } = ShapeSchema.Embedded(typeof(AgentCardV03Validator).Assembly, "agent-card-v03.schema.json");

    public static IReadOnlyList<FieldError> Validate(JsonElement card, string path = "$")
    {
        var errors = Schema.Validate(card, path).ToList();
        if (card.ValueKind != JsonValueKind.Object) return errors;

        if (card.TryGetProperty("protocolVersion", out var version) && version.ValueKind == JsonValueKind.String && !IsV03(version.GetString()!))
            errors.Add(new($"{path}.protocolVersion", $"'{version.GetString()}' is not a 0.3 version; a card of A2A 1.0 lists its endpoints in supportedInterfaces."));

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

    /// <summary>0.3 and its patch releases (the specification's own examples say "0.3.0").</summary>
    public static bool IsV03(string version) => version == "0.3" || version.StartsWith("0.3.", StringComparison.Ordinal);

    /// <summary>0.3 requirements map scheme names straight to scopes (<c>{ "oauth": ["read"] }</c>); each name must be declared.</summary>
    static void Requirements(JsonElement owner, string path, HashSet<string> declared, List<FieldError> errors)
    {
        foreach (var (requirement, at) in Items(owner, "security", path))
            if (requirement.ValueKind == JsonValueKind.Object)
                foreach (var scheme in requirement.EnumerateObject().Where(s => !declared.Contains(s.Name)))
                    errors.Add(new($"{at}['{scheme.Name}']", $"Security scheme '{scheme.Name}' is not declared in securitySchemes."));
    }

    static IEnumerable<(JsonElement Item, string Path)> Items(JsonElement owner, string name, string path) =>
        owner.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select((item, i) => (item, $"{path}.{name}[{i}]"))
            : [];
}
