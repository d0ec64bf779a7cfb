using Marketplace.Client.Models;
using System.Text.RegularExpressions;

namespace Marketplace.Console.Workflows;

/// <summary>
/// A run's steps as the monitor shows them on the workflow graph: the latest record of each step path, and per node
/// of the graph its state (a map's body node sums up its items: <c>convert[3]/one</c> is drawn on <c>convert/one</c>).
/// </summary>
public sealed partial class RunProgress
{
    readonly Dictionary<string, RunStep> steps = new(StringComparer.Ordinal);

    public RunProgress(WorkflowRun run, IEnumerable<RunStep> steps)
    {
        Run = run;
        foreach (var step in steps) Apply(step);
    }

    public WorkflowRun Run { get; private set; }

    public IReadOnlyCollection<RunStep> Steps => steps.Values;

    public void Apply(RunStep step) => steps[step.StepPath] = step;

    public void Apply(WorkflowRun run) => Run = run;

    public void Apply(RunEvent e)
    {
        if (e.Step is { } step) Apply(step);
        if (e.Run is { } run) Apply(run);
    }

    /// <summary>Steps waiting for an approver's decision.</summary>
    public IEnumerable<RunStep> Waiting => steps.Values.Where(s => s.State == "waiting").OrderBy(s => s.StartedAt);

    /// <summary>The records drawn on one node of the graph (several for a step inside a map).</summary>
    public IReadOnlyList<RunStep> On(string runPath) =>
        steps.Values.Where(s => NodePath(s.StepPath) == runPath).OrderBy(s => s.StepPath, StringComparer.Ordinal).ToList();

    /// <summary>Each node's state; a node with no record yet is pending while the run goes on.</summary>
    public Dictionary<string, StepStatus> Statuses(WorkflowGraph graph)
    {
        var result = new Dictionary<string, StepStatus>(StringComparer.Ordinal);
        foreach (var node in graph.Nodes)
        {
            var records = On(node.RunPath);
            if (records.Count == 0)
            {
                result[node.RunPath] = new StepStatus(Run.IsFinished ? "skipped" : "pending", 0, null, 0);
                continue;
            }
            var state = records.Select(r => r.State).OrderBy(Rank).First();
            var started = records.Min(r => r.StartedAt);
            var finished = records.All(r => r.FinishedAt is not null) ? records.Max(r => r.FinishedAt) : null;
            result[node.RunPath] = new StepStatus(state, records.Max(r => r.Attempt), finished - started, records.Count);
        }
        return result;
    }

    // The state a node shows for several records: whatever needs attention first.
    static int Rank(string state) => state switch
    {
        "failed" => 0,
        "waiting" => 1,
        "running" => 2,
        "cancelled" => 3,
        "compensated" => 4,
        _ => 5,
    };

    /// <summary>The graph node a run's step path is drawn on: map item indices dropped.</summary>
    public static string NodePath(string stepPath) => ItemIndex().Replace(stepPath, "");

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex ItemIndex();
}
