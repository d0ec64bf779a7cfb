using System.Text.Json;
using Marketplace.Http;

namespace Marketplace.Workflows;

/// <summary>
/// The JSON Schema 2020-12 vocabulary (and draft-07's <c>definitions</c>/<c>dependencies</c>). A keyword outside it
/// is almost always a typo that would silently validate nothing, so a workflow's input schema may not use one; each
/// is reported at its JSON path.
/// </summary>
public static class SchemaKeywords
{
    static readonly HashSet<string> Single = ["additionalProperties", "propertyNames", "if", "then", "else", "not", "contains", "items", "unevaluatedItems", "unevaluatedProperties", "contentSchema"];
    static readonly HashSet<string> Maps = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
    static readonly HashSet<string> Lists = ["prefixItems", "allOf", "anyOf", "oneOf"];

    static readonly HashSet<string> Known =
    [
        .. Single, .. Maps, .. Lists,
        "$schema", "$id", "$ref", "$anchor", "$dynamicRef", "$dynamicAnchor", "$vocabulary", "$comment", "dependencies",
        "type", "const", "enum", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern",
        "maxItems", "minItems", "uniqueItems", "maxContains", "minContains", "maxProperties", "minProperties", "required", "dependentRequired",
        "title", "description", "default", "deprecated", "readOnly", "writeOnly", "examples", "format", "contentEncoding", "contentMediaType",
    ];

    /// <summary>Adds an error for every unknown keyword in <paramref name="schema"/> and its subschemas.</summary>
    public static void Check(JsonElement schema, string path, List<FieldError> errors, int depth = 0)
    {
        if (schema.ValueKind != JsonValueKind.Object || depth > 32) return;
        foreach (var member in schema.EnumerateObject())
        {
            var at = $"{path}.{member.Name}";
            if (!Known.Contains(member.Name)) errors.Add(new(at, $"'{member.Name}' is not a JSON Schema keyword."));
            else if (Single.Contains(member.Name)) Check(member.Value, at, errors, depth + 1);
            else if (Maps.Contains(member.Name) && member.Value.ValueKind == JsonValueKind.Object)
                foreach (var entry in member.Value.EnumerateObject()) Check(entry.Value, $"{at}.{entry.Name}", errors, depth + 1);
            else if ((Lists.Contains(member.Name) || member.Name == "items") && member.Value.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var item in member.Value.EnumerateArray()) Check(item, $"{at}[{i++}]", errors, depth + 1);
            }
            else if (member.Name == "dependencies" && member.Value.ValueKind == JsonValueKind.Object)
                foreach (var entry in member.Value.EnumerateObject()) Check(entry.Value, $"{at}.{entry.Name}", errors, depth + 1);
        }
    }
}
