using System.Text.Json.Nodes;

namespace Marketplace.Console.Workflows;

/// <summary>The designer's edits of a <see cref="WorkflowDocument"/>: add, remove, connect and rename steps.</summary>
public static class WorkflowEditor
{
    public static readonly IReadOnlyList<string> Kinds = ["agent", "tool", "parallel", "map", "condition", "approval", "delay"];

    /// <summary>Every step of the workflow, nested ones included, with the flow that holds it.</summary>
    public static IEnumerable<(WorkflowStep Step, List<WorkflowStep> Flow)> All(WorkflowDocument document) => Walk(document.Steps);

    static IEnumerable<(WorkflowStep, List<WorkflowStep>)> Walk(List<WorkflowStep> flow)
    {
        foreach (var step in flow)
        {
            yield return (step, flow);
            foreach (var (_, nested) in step.Flows())
                foreach (var inner in Walk(nested)) yield return inner;
        }
    }

    /// <summary>A step id not used anywhere in the workflow (ids are unique across nested flows too).</summary>
    public static string FreeId(WorkflowDocument document, string stem)
    {
        var used = All(document).Select(s => s.Step.Id).ToHashSet(StringComparer.Ordinal);
        for (var n = 1; ; n++)
            if (!used.Contains($"{stem}{n}")) return $"{stem}{n}";
    }

    /// <summary>A new step of a kind with the settings it needs, inserted into a flow at an index (or at its end).</summary>
    public static WorkflowStep Add(WorkflowDocument document, string kind, List<WorkflowStep> flow, int? index = null)
    {
        var step = new WorkflowStep(FreeId(document, kind), kind);
        // Inserted before the defaults below are made, so a nested placeholder step gets an id of its own.
        flow.Insert(Math.Clamp(index ?? flow.Count, 0, flow.Count), step);
        switch (kind)
        {
            case "agent":
                step.Settings["agent"] = "";
                step.Settings["skill"] = "";
                step.Settings["message"] = "{{/input/text}}";
                break;
            case "tool":
                step.Settings["tool"] = "";
                step.Settings["arguments"] = new JsonObject();
                break;
            case "parallel":
                step.Branches = [];
                AddBranch(document, step);
                break;
            case "map":
                step.Settings["items"] = new JsonObject { ["from"] = "/input/items" };
                step.Body = [];
                Add(document, "delay", step.Body);
                break;
            case "condition":
                step.Settings["if"] = "true";
                step.Settings["then"] = "end";
                break;
            case "approval":
                step.Settings["prompt"] = "Approve?";
                break;
            case "delay":
                step.Settings["seconds"] = 5;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a step kind.");
        }
        return step;
    }

    /// <summary>Adds a branch (with one delay step to fill in) to a parallel step.</summary>
    public static WorkflowBranch AddBranch(WorkflowDocument document, WorkflowStep parallel)
    {
        parallel.Branches ??= [];
        var used = parallel.Branches.Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        var n = 1;
        while (used.Contains($"branch{n}")) n++;
        var branch = new WorkflowBranch($"branch{n}", []);
        parallel.Branches.Add(branch);
        Add(document, "delay", branch.Steps);
        return branch;
    }

    /// <summary>Removes a step (and what is nested in it); jumps to it from its flow are dropped with it.</summary>
    public static void Remove(WorkflowDocument document, WorkflowStep step)
    {
        if (All(document).FirstOrDefault(s => s.Step == step).Flow is not { } flow) return;
        flow.Remove(step);
        foreach (var other in flow)
            foreach (var jump in Jumps)
                if (other.Text(jump) == step.Id) other.Settings.Remove(jump);
    }

    static readonly string[] Jumps = ["next", "then", "else"];

    /// <summary>
    /// Connects one step to another of the same flow: <c>next</c>, or for a condition <c>then</c> (else <c>else</c> when
    /// then is taken). Answers why not when the steps are not in one flow or the target does not come later.
    /// </summary>
    public static string? Connect(WorkflowDocument document, WorkflowStep from, WorkflowStep to)
    {
        var flow = All(document).FirstOrDefault(s => s.Step == from).Flow;
        if (flow is null || !flow.Contains(to)) return $"'{from.Id}' and '{to.Id}' are not in the same flow: a step can only jump within its flow.";
        if (flow.IndexOf(to) <= flow.IndexOf(from)) return $"'{to.Id}' does not come after '{from.Id}': jumps go forward.";
        if (from.Kind == "condition")
        {
            if (from.Text("then") is null or "end") from.SetText("then", to.Id);
            else from.SetText("else", to.Id);
        }
        else from.Next = to.Id;
        return null;
    }

    /// <summary>Gives a step a new id, and every jump to it in its flow with it.</summary>
    public static void Rename(WorkflowDocument document, WorkflowStep step, string id)
    {
        if (All(document).FirstOrDefault(s => s.Step == step).Flow is not { } flow) return;
        foreach (var other in flow)
            foreach (var jump in Jumps)
                if (other.Text(jump) == step.Id) other.SetText(jump, id);
        step.Id = id;
    }

    /// <summary>The node a validation error's JSON path is about: the deepest step whose path it starts with.</summary>
    public static GraphNode? NodeOf(WorkflowGraph graph, string path) =>
        graph.Nodes.Where(n => path == n.JsonPath || path.StartsWith(n.JsonPath + ".", StringComparison.Ordinal))
            .OrderByDescending(n => n.JsonPath.Length).FirstOrDefault();
}
