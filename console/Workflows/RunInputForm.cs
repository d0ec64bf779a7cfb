using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Marketplace.Console.Workflows;

/// <summary>
/// The form that starts a run, made from the workflow's input schema: one field per top-level property (text,
/// number, yes/no, or JSON for arrays and objects). Without properties the whole input is one JSON field.
/// </summary>
public sealed class RunInputForm
{
    public RunInputForm(JsonObject? schema)
    {
        var required = (schema?["required"] as JsonArray)?.Select(r => r?.GetValue<string>()).ToHashSet() ?? [];
        if (schema?["properties"] is JsonObject properties && properties.Count > 0)
            foreach (var (name, property) in properties)
                Fields.Add(new InputField(name, TypeOf(property), required.Contains(name), property?["description"]?.GetValue<string>()));
        else Fields.Add(new InputField("", "json", false, "The run's input as JSON.") { Value = "{}" });
    }

    public List<InputField> Fields { get; } = [];

    /// <summary>The input, or the problems with the fields (each named by its property) when there are any.</summary>
    public (JsonNode? Input, IReadOnlyList<string> Problems) Build()
    {
        var problems = new List<string>();
        if (Fields is [{ Name: "" } whole]) return (ParseJson(whole, problems), problems);
        var input = new JsonObject();
        foreach (var field in Fields)
        {
            if (string.IsNullOrWhiteSpace(field.Value) && field.Type != "boolean")
            {
                if (field.Required) problems.Add($"{field.Name}: required.");
                continue;
            }
            JsonNode? value = field.Type switch
            {
                "boolean" => JsonValue.Create(field.Value == "true"),
                "integer" when long.TryParse(field.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => JsonValue.Create(i),
                "number" when double.TryParse(field.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
                "integer" or "number" => Problem(problems, $"{field.Name}: not a {(field.Type == "integer" ? "whole number" : "number")}."),
                "json" => ParseJson(field, problems),
                _ => JsonValue.Create(field.Value),
            };
            input[field.Name] = value;
        }
        return (problems.Count == 0 ? input : null, problems);
    }

    static JsonNode? Problem(List<string> problems, string message)
    {
        problems.Add(message);
        return null;
    }

    static JsonNode? ParseJson(InputField field, List<string> problems)
    {
        try
        {
            return JsonNode.Parse(field.Value);
        }
        catch (JsonException e)
        {
            return Problem(problems, $"{(field.Name.Length == 0 ? "input" : field.Name)}: not JSON ({e.Message}).");
        }
    }

    static string TypeOf(JsonNode? property) => property?["type"] switch
    {
        JsonValue v when v.TryGetValue<string>(out var t) && t is "string" or "number" or "integer" or "boolean" => t,
        _ when property?["enum"] is JsonArray => "string",
        _ => "json",
    };
}

/// <summary>One field of a run's input form; <see cref="Value"/> is what the user typed.</summary>
public sealed record InputField(string Name, string Type, bool Required, string? Description)
{
    public string Value { get; set; } = "";
}
