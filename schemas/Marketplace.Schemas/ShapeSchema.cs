extern alias JsonEverything;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using JsonEverything::Json.Schema;

namespace Marketplace.Http;

/// <summary>What a shape schema refused at one place, for a caller that words some refusals itself.</summary>
/// <param name="Keyword">
/// The failing keyword; <c>false</c> for a member a schema names as not allowed, <c>additionalProperties</c> (or
/// <c>unevaluatedProperties</c>) for one it does not name at all.
/// </param>
/// <param name="Instance">The value at <see cref="Path"/>.</param>
/// <param name="Parent">The object or array holding it, if any.</param>
public sealed record ShapeFailure(string Keyword, string Path, JsonElement Instance, JsonElement? Parent);

/// <summary>
/// A JSON Schema (2020-12) embedded in an assembly that checks a document's shape. Every problem comes back at
/// once as a <see cref="FieldError"/> at its JSON path (<c>$.skills[1].id</c>, a map's key as <c>['name']</c>), in
/// the marketplace's words, or in the schema's own where a subschema gives an <c>errorMessage</c> (a string, or one
/// per keyword, as ajv-errors reads it). Failures inside <c>oneOf</c>, <c>anyOf</c>, <c>not</c> and <c>if</c> are
/// that keyword's business: only its own error is reported, not those of the branches it tried.
/// </summary>
public sealed class ShapeSchema
{
    static readonly HashSet<string> Branching = ["if", "oneOf", "anyOf", "not", "contains", "propertyNames"];
    static readonly HashSet<string> NamedChild = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
    static readonly HashSet<string> IndexedChild = ["allOf", "anyOf", "oneOf", "prefixItems"];

    static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List };

    readonly JsonSchema schema;
    readonly JsonElement raw;

    ShapeSchema(string text)
    {
        using var document = JsonDocument.Parse(text);
        raw = document.RootElement.Clone();
        // A registry of its own: the schema's $id must not collide with another loading of the same file.
        schema = JsonSchema.Build(raw, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        Text = text;
    }

    /// <summary>The schema as published.</summary>
    public string Text { get; }

    /// <summary>The schema embedded under <paramref name="resourceName"/> in <paramref name="assembly"/>.</summary>
    public static ShapeSchema Embedded(Assembly assembly, string resourceName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"No embedded schema '{resourceName}'.");
        using var reader = new StreamReader(stream);
        return new ShapeSchema(reader.ReadToEnd());
    }

    /// <summary>
    /// Every shape problem of <paramref name="document"/>, with paths under <paramref name="root"/>;
    /// <paramref name="describe"/> may word a failure itself (null: the default wording).
    /// </summary>
    public IReadOnlyList<FieldError> Validate(JsonElement document, string root = "$", Func<ShapeFailure, string?>? describe = null)
    {
        var result = schema.Evaluate(document, Evaluation);
        if (result.IsValid) return [];
        var details = result.Details ?? [];
        // Combinators report no error of their own: whether one failed is read from its branches' results.
        var valid = new Dictionary<(string Evaluation, string Instance), bool>();
        foreach (var d in details) valid.TryAdd((d.EvaluationPath.ToString(), d.InstanceLocation.ToString()), d.IsValid);

        var errors = new List<FieldError>();
        foreach (var detail in details.Where(d => !d.IsValid))
        {
            var rawEvaluation = detail.EvaluationPath.ToString();
            var rawInstance = detail.InstanceLocation.ToString();
            if (Resolve(Segments(rawEvaluation)) is not { } resolved || InsideBranch(resolved.Evaluation)) continue;
            var (evaluation, at) = resolved;
            var instancePath = Segments(rawInstance);
            if (Navigate(document, instancePath) is not { } value) continue;
            var parent = instancePath.Count > 0 ? Navigate(document, instancePath[..^1]) : null;
            var mapKeys = MapKeys(evaluation);

            if (at.ValueKind == JsonValueKind.False)
            {
                // A member no schema names (additionalProperties: false), or one named as not allowed (name: false).
                var unknown = evaluation.Count > 0 && evaluation[^1] is "additionalProperties" or "unevaluatedProperties";
                if (unknown) mapKeys[^1] = false;
                var member = JsonPath(root, document, instancePath, mapKeys);
                errors.Add(new(member, describe?.Invoke(new(unknown ? evaluation[^1] : "false", member, value, parent)) ?? (unknown ? "Not a known member." : "Does not apply here.")));
                continue;
            }
            var path = JsonPath(root, document, instancePath, mapKeys);
            string Say(string keyword, string where, JsonElement? holder, string? fallback) =>
                describe?.Invoke(new(keyword, where, value, holder)) ?? Custom(at, keyword) ?? Describe(keyword, at, value) ?? fallback ?? "Not valid here.";

            foreach (var (keyword, fallback) in detail.Errors ?? new Dictionary<string, string>())
            {
                if (keyword == "required" && value.ValueKind == JsonValueKind.Object && at.TryGetProperty("required", out var required))
                {
                    foreach (var name in required.EnumerateArray().Select(r => r.GetString()!).Where(n => !value.TryGetProperty(n, out _)))
                        errors.Add(new($"{path}.{name}", Say(keyword, $"{path}.{name}", value, "Required.")));
                    continue;
                }
                errors.Add(new(path, Say(keyword, path, parent, fallback)));
            }
            if (at.ValueKind != JsonValueKind.Object) continue;
            bool Passed(string branch) => valid.GetValueOrDefault((rawEvaluation + branch, rawInstance));
            int Passing(string keyword) => at.TryGetProperty(keyword, out var branches) && branches.ValueKind == JsonValueKind.Array
                ? Enumerable.Range(0, branches.GetArrayLength()).Count(i => Passed($"/{keyword}/{i}"))
                : -1;
            if (Passing("oneOf") is >= 0 and not 1) errors.Add(new(path, Say("oneOf", path, parent, null)));
            if (Passing("anyOf") == 0) errors.Add(new(path, Say("anyOf", path, parent, null)));
            if (at.TryGetProperty("not", out _) && Passed("/not")) errors.Add(new(path, Say("not", path, parent, null)));
        }
        return [.. errors.Distinct()];
    }

    /// <summary>
    /// The subschema an evaluation path leads to, following local <c>$ref</c>s, and the path without the repeated
    /// <c>items</c> segment JsonSchema.Net 8 writes for an array's item schema.
    /// </summary>
    (List<string> Evaluation, JsonElement Subschema)? Resolve(List<string> evaluation)
    {
        var at = raw;
        var path = new List<string>();
        for (var i = 0; i < evaluation.Count; i++)
        {
            var segment = evaluation[i];
            if (at.ValueKind != JsonValueKind.Object) return null;
            path.Add(segment);
            if (segment == "$ref")
            {
                if (!at.TryGetProperty("$ref", out var reference) || reference.GetString() is not { } target || !target.StartsWith('#')) return null;
                if (Navigate(raw, Segments(Uri.UnescapeDataString(target))) is not { } referenced) return null;
                at = referenced;
                continue;
            }
            if (!at.TryGetProperty(segment, out var child)) return null;
            at = child;
            if (NamedChild.Contains(segment) || IndexedChild.Contains(segment))
            {
                if (++i >= evaluation.Count || Navigate(at, [evaluation[i]]) is not { } named) return null;
                path.Add(evaluation[i]);
                at = named;
            }
            else if (segment == "items" && i + 1 < evaluation.Count && evaluation[i + 1] == "items" && !(at.ValueKind == JsonValueKind.Object && at.TryGetProperty("items", out _)))
                i++;
        }
        return (path, at);
    }

    static string? Custom(JsonElement subschema, string keyword) =>
        subschema.ValueKind == JsonValueKind.Object && subschema.TryGetProperty("errorMessage", out var message)
            ? message.ValueKind == JsonValueKind.String ? message.GetString()
            : message.ValueKind == JsonValueKind.Object && message.TryGetProperty(keyword, out var specific) ? specific.GetString() : null
            : null;

    static string? Describe(string keyword, JsonElement subschema, JsonElement value)
    {
        string Number(string name) => subschema.GetProperty(name).GetRawText();
        bool Has(string name) => subschema.TryGetProperty(name, out _);
        return keyword switch
        {
            "type" => $"Expected {Expected(subschema.GetProperty("type"))}, got {Kind(value)}.",
            "minLength" when subschema.GetProperty("minLength").GetInt32() == 1 => "Must not be empty.",
            "minLength" => $"Must be at least {Number("minLength")} characters.",
            "maxLength" => $"Must be at most {Number("maxLength")} characters.",
            "minItems" => $"Must have at least {Number("minItems")} item(s).",
            "maxItems" => $"Must have at most {Number("maxItems")} items.",
            "minimum" or "maximum" when Has("minimum") && Has("maximum") => $"{Number("minimum")} to {Number("maximum")}.",
            "minimum" => $"At least {Number("minimum")}.",
            "maximum" => $"At most {Number("maximum")}.",
            "exclusiveMinimum" => $"Must be more than {Number("exclusiveMinimum")}.",
            "exclusiveMaximum" => $"Must be less than {Number("exclusiveMaximum")}.",
            "enum" => "One of: " + string.Join(", ", subschema.GetProperty("enum").EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText())) + ".",
            "const" => $"Must be {subschema.GetProperty("const").GetRawText()}.",
            "pattern" => $"Does not match the pattern {subschema.GetProperty("pattern").GetString()}.",
            "oneOf" => "Must match exactly one of the forms this member allows.",
            "anyOf" => "Must match one of the forms this member allows.",
            "not" => "Is a value this member does not allow.",
            _ => null,
        };
    }

    static string Expected(JsonElement type)
    {
        var names = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
        var shown = names.Count > 1 ? names.Where(n => n != "null").ToList() : names;
        return string.Join(" or ", shown.Select(n => n switch
        {
            "object" => "an object",
            "array" => "an array",
            "integer" => "an integer",
            "boolean" => "a boolean",
            _ => "a " + n,
        }));
    }

    static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>Whether an evaluation path runs through a keyword that only tries its subschemas.</summary>
    static bool InsideBranch(IReadOnlyList<string> evaluation)
    {
        for (var i = 0; i < evaluation.Count; i++)
        {
            if (Branching.Contains(evaluation[i])) return true;
            if (NamedChild.Contains(evaluation[i]) || IndexedChild.Contains(evaluation[i])) i++;
        }
        return false;
    }

    /// <summary>For each step into the instance along an evaluation path, whether it entered a map's key (shown as ['key']).</summary>
    static List<bool> MapKeys(IReadOnlyList<string> evaluation)
    {
        var steps = new List<bool>();
        for (var i = 0; i < evaluation.Count; i++)
        {
            switch (evaluation[i])
            {
                case "properties":
                    steps.Add(false);
                    i++;
                    break;
                case "patternProperties":
                    steps.Add(true);
                    i++;
                    break;
                case "additionalProperties" or "unevaluatedProperties":
                    steps.Add(true);
                    break;
                case "items" or "unevaluatedItems":
                    steps.Add(false);
                    break;
                case "prefixItems":
                    steps.Add(false);
                    i++;
                    break;
                case var keyword when NamedChild.Contains(keyword) || IndexedChild.Contains(keyword):
                    i++;
                    break;
            }
        }
        return steps;
    }

    /// <summary>$.a[0]['key'].b: array items by index, map keys quoted, members by name.</summary>
    static string JsonPath(string root, JsonElement document, IReadOnlyList<string> instance, List<bool> mapKeys)
    {
        var path = new System.Text.StringBuilder(root);
        JsonElement? at = document;
        for (var i = 0; i < instance.Count; i++)
        {
            var segment = instance[i];
            if (at is { ValueKind: JsonValueKind.Array }) path.Append('[').Append(segment).Append(']');
            else if (i < mapKeys.Count && mapKeys[i]) path.Append("['").Append(segment).Append("']");
            else path.Append('.').Append(segment);
            at = at is { } here ? Navigate(here, [segment]) : null;
        }
        return path.ToString();
    }

    static JsonElement? Navigate(JsonElement root, IReadOnlyList<string> segments)
    {
        var at = root;
        foreach (var segment in segments)
        {
            if (at.ValueKind == JsonValueKind.Object && at.TryGetProperty(segment, out var member)) at = member;
            else if (at.ValueKind == JsonValueKind.Array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < at.GetArrayLength()) at = at[index];
            else return null;
        }
        return at;
    }

    /// <summary>The unescaped segments of a JSON pointer (RFC 6901).</summary>
    static List<string> Segments(string pointer) =>
        pointer.Length == 0 ? [] : [.. pointer.TrimStart('#').Split('/').Skip(1).Select(s => s.Replace("~1", "/").Replace("~0", "~"))];
}
