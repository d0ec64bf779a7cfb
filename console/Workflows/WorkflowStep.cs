using System.Text.Json.Nodes;

namespace Marketplace.Console.Workflows;

/// <summary>
/// One step of a workflow definition as the designer edits it. Nested flows (a parallel's branches, a map's steps, a
/// compensation) are steps of their own; every other property of the step is kept as JSON in <see cref="Settings"/>,
/// so whatever the designer has no field for survives a round trip untouched.
/// </summary>
public sealed class WorkflowStep
{
    public WorkflowStep(string id, string kind, JsonObject? settings = null)
    {
        Id = id;
        Kind = kind;
        Settings = settings ?? [];
    }

    public string Id { get; set; }

    public string Kind { get; set; }

    /// <summary>Every property but <c>id</c>, <c>kind</c> and the nested flows.</summary>
    public JsonObject Settings { get; }

    /// <summary>A parallel step's branches; null for other kinds.</summary>
    public List<WorkflowBranch>? Branches { get; set; }

    /// <summary>A map step's body (its <c>steps</c>); null for other kinds.</summary>
    public List<WorkflowStep>? Body { get; set; }

    /// <summary>How to undo this step (its <c>compensate</c> flow); null when it has none.</summary>
    public List<WorkflowStep>? Compensate { get; set; }

    public string? Next { get => Text("next"); set => SetText("next", value); }

    /// <summary>A setting that is a string, or null.</summary>
    public string? Text(string name) =>
        Settings[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>Sets a string setting; null or empty removes it.</summary>
    public void SetText(string name, string? value)
    {
        if (string.IsNullOrEmpty(value)) Settings.Remove(name);
        else Settings[name] = value;
    }

    /// <summary>Every flow nested in this step, each with its name in the definition's JSON.</summary>
    public IEnumerable<(string Segment, List<WorkflowStep> Flow)> Flows()
    {
        for (var i = 0; i < (Branches?.Count ?? 0); i++) yield return ($"branches[{i}].steps", Branches![i].Steps);
        if (Body is not null) yield return ("steps", Body);
        if (Compensate is not null) yield return ("compensate", Compensate);
    }
}

/// <summary>One branch of a parallel step: an id and its flow.</summary>
public sealed class WorkflowBranch(string id, List<WorkflowStep> steps)
{
    public string Id { get; set; } = id;

    public List<WorkflowStep> Steps { get; } = steps;
}
