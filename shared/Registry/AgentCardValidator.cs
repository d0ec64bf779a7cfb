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

        CardSemantics.Check(card, path, SchemesNamed, errors);
        return errors;
    }

    /// <summary>A 1.0 requirement lists its schemes under <c>schemes</c>.</summary>
    static IEnumerable<(string, string)> SchemesNamed(JsonElement owner, string path) =>
        from r in CardSemantics.Items(owner, "securityRequirements", path)
        where r.Item.ValueKind == JsonValueKind.Object && r.Item.TryGetProperty("schemes", out var schemes) && schemes.ValueKind == JsonValueKind.Object
        from scheme in r.Item.GetProperty("schemes").EnumerateObject()
        select (scheme.Name, $"{r.Path}.schemes['{scheme.Name}']");
}
