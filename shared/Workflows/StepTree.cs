namespace Marketplace.Workflows;

/// <summary>A definition's steps at every depth: a step, then the steps inside it (a map's body, branches, compensations).</summary>
public static class StepTree
{
    public static IEnumerable<WorkflowStep> Flatten(IEnumerable<WorkflowStep> steps) => steps.SelectMany(s =>
        new[] { s }.Concat(Flatten((s.Steps ?? []).Concat(s.Branches?.SelectMany(b => b.Steps) ?? []).Concat(s.Compensate ?? []))));
}
