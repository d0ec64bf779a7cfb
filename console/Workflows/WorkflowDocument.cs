using System.Text.Json;
using System.Text.Json.Nodes;

namespace Marketplace.Console.Workflows;

/// <summary>
/// A workflow definition (docs/workflows.md) as a tree the designer edits: the top-level properties as JSON, and the
/// steps. <see cref="Parse"/> and <see cref="ToJson"/> are inverse: the JSON a definition is read from comes back
/// equal (property order aside) for every step kind.
/// </summary>
public sealed class WorkflowDocument
{
    public const string FlowSteps = "steps";

    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public WorkflowDocument(JsonObject header, List<WorkflowStep> steps)
    {
        Header = header;
        Steps = steps;
    }

    /// <summary>Every top-level property but <c>steps</c> (id, name, description, inputSchema, output, …).</summary>
    public JsonObject Header { get; }

    public List<WorkflowStep> Steps { get; }

    public string? Id { get => Text("id"); set => SetText("id", value); }

    public string? Name { get => Text("name"); set => SetText("name", value); }

    /// <summary>The run input's JSON Schema, when the workflow declares one.</summary>
    public JsonObject? InputSchema => Header["inputSchema"] as JsonObject;

    /// <summary>A new workflow: one text input and a single approval step, which the designer grows from.</summary>
    public static WorkflowDocument New() => Parse("""
        {"id":"my-workflow","name":"My workflow",
         "inputSchema":{"type":"object","required":["text"],"properties":{"text":{"type":"string"}}},
         "steps":[{"id":"approve","kind":"approval","prompt":"Go ahead with {{/input/text}}?"}]}
        """);

    /// <summary>Reads a definition; a text that is not a JSON object with a steps array is refused with why.</summary>
    public static WorkflowDocument Parse(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new WorkflowFormatException($"Not JSON: {e.Message}");
        }
        if (node is not JsonObject root) throw new WorkflowFormatException("A workflow is a JSON object.");
        return FromJson(root.DeepClone().AsObject());
    }

    public static WorkflowDocument FromJson(JsonElement definition) => Parse(definition.GetRawText());

    static WorkflowDocument FromJson(JsonObject root)
    {
        var steps = ReadFlow(root["steps"], "$.steps");
        root.Remove("steps");
        return new WorkflowDocument(root, steps);
    }

    static List<WorkflowStep> ReadFlow(JsonNode? node, string path)
    {
        if (node is not JsonArray array) throw new WorkflowFormatException($"{path} must be an array of steps.");
        var flow = new List<WorkflowStep>();
        for (var i = 0; i < array.Count; i++) flow.Add(ReadStep(array[i], $"{path}[{i}]"));
        return flow;
    }

    static WorkflowStep ReadStep(JsonNode? node, string path)
    {
        if (node is not JsonObject source) throw new WorkflowFormatException($"{path} must be an object.");
        var settings = source.DeepClone().AsObject();
        var id = Take(settings, "id") ?? "";
        var kind = Take(settings, "kind") ?? "";
        var step = new WorkflowStep(id, kind, settings);
        // Nested flows are read as steps only for the kinds that have them, so a stray property stays a setting and
        // the server's validation names it.
        if (kind == "parallel" && settings["branches"] is JsonArray branches)
        {
            settings.Remove("branches");
            step.Branches = [];
            for (var b = 0; b < branches.Count; b++)
            {
                var branchPath = $"{path}.branches[{b}]";
                if (branches[b] is not JsonObject branch) throw new WorkflowFormatException($"{branchPath} must be an object.");
                step.Branches.Add(new WorkflowBranch(branch["id"]?.GetValue<string>() ?? "", ReadFlow(branch["steps"], $"{branchPath}.steps")));
            }
        }
        if (kind == "map" && settings["steps"] is JsonArray)
        {
            step.Body = ReadFlow(settings["steps"], $"{path}.steps");
            settings.Remove("steps");
        }
        if (settings["compensate"] is JsonArray)
        {
            step.Compensate = ReadFlow(settings["compensate"], $"{path}.compensate");
            settings.Remove("compensate");
        }
        return step;
    }

    static string? Take(JsonObject o, string name)
    {
        var value = o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (value is not null) o.Remove(name);
        return value;
    }

    public JsonObject ToJson()
    {
        var root = Header.DeepClone().AsObject();
        root["steps"] = WriteFlow(Steps);
        return root;
    }

    public string ToJsonString() => ToJson().ToJsonString(Indented);

    public JsonElement ToElement() => JsonSerializer.SerializeToElement(ToJson());

    static JsonArray WriteFlow(List<WorkflowStep> flow) => new([.. flow.Select(WriteStep)]);

    static JsonNode WriteStep(WorkflowStep step)
    {
        var o = new JsonObject { ["id"] = step.Id, ["kind"] = step.Kind };
        foreach (var (name, value) in step.Settings) o[name] = value?.DeepClone();
        if (step.Branches is not null)
            o["branches"] = new JsonArray([.. step.Branches.Select(b => (JsonNode)new JsonObject { ["id"] = b.Id, ["steps"] = WriteFlow(b.Steps) })]);
        if (step.Body is not null) o["steps"] = WriteFlow(step.Body);
        if (step.Compensate is not null) o["compensate"] = WriteFlow(step.Compensate);
        return o;
    }

    string? Text(string name) => Header[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    void SetText(string name, string? value)
    {
        if (value is null) Header.Remove(name);
        else Header[name] = value;
    }
}

/// <summary>A definition the designer cannot read as a workflow (not JSON, or steps that are not a list of objects).</summary>
public sealed class WorkflowFormatException(string message) : Exception(message);
