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

        Registry.CardSemantics.Check(card, path, SchemesNamed, errors);
        return errors;
    }

    /// <summary>0.3 and its patch releases (the specification's own examples say "0.3.0").</summary>
    public static bool IsV03(string version) => version == "0.3" || version.StartsWith("0.3.", StringComparison.Ordinal);

    /// <summary>0.3 requirements map scheme names straight to scopes (<c>{ "oauth": ["read"] }</c>).</summary>
    static IEnumerable<(string, string)> SchemesNamed(JsonElement owner, string path) =>
        from r in Registry.CardSemantics.Items(owner, "security", path)
        where r.Item.ValueKind == JsonValueKind.Object
        from scheme in r.Item.EnumerateObject()
        select (scheme.Name, $"{r.Path}['{scheme.Name}']");
}
