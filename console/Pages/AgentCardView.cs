using System.Text.Json;

namespace Marketplace.Console.Pages;

/// <summary>What the agent page shows of an A2A card; the listing carries the card as it was published (JSON).</summary>
public sealed record AgentCardView(
    string? Description, string? Version, string? Provider, bool Streaming,
    IReadOnlyList<string> InputModes, IReadOnlyList<string> OutputModes, IReadOnlyList<SkillView> Skills)
{
    public static AgentCardView From(JsonElement card) => new(
        Str(card, "description"), Str(card, "version"),
        card.TryGetProperty("provider", out var p) && p.ValueKind == JsonValueKind.Object ? Str(p, "organization") : null,
        card.TryGetProperty("capabilities", out var c) && c.ValueKind == JsonValueKind.Object && c.TryGetProperty("streaming", out var s) && s.ValueKind == JsonValueKind.True,
        Strings(card, "defaultInputModes"), Strings(card, "defaultOutputModes"),
        card.TryGetProperty("skills", out var skills) && skills.ValueKind == JsonValueKind.Array
            ? skills.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object)
                .Select(e => new SkillView(Str(e, "id") ?? "", Str(e, "name") ?? Str(e, "id") ?? "", Str(e, "description"), Strings(e, "tags"), Strings(e, "examples"))).ToList()
            : []);

    static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    static List<string> Strings(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
            : [];
}

public sealed record SkillView(string Id, string Name, string? Description, IReadOnlyList<string> Tags, IReadOnlyList<string> Examples);
