namespace Marketplace.Console.Workflows;

/// <summary>
/// A workflow drawn as a graph: one node per step (nested flows indented under the step that holds them) and the edges
/// a run can take. Plain data, so the designer and the run monitor draw the same picture and tests can check it.
/// </summary>
public sealed record WorkflowGraph(IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphEdge> Edges)
{
    public const double RowHeight = 96;
    public const double Indent = 56;
    public const double Left = 16;
    public const double Top = 16;

    public GraphNode? Node(string runPath) => Nodes.FirstOrDefault(n => n.RunPath == runPath);

    public static WorkflowGraph Of(WorkflowDocument document)
    {
        var nodes = new List<GraphNode>();
        var edges = new List<GraphEdge>();
        AddFlow(document.Steps, "$.steps", "", 0, null, "", nodes, edges);
        return new WorkflowGraph(nodes, edges);
    }

    static void AddFlow(List<WorkflowStep> flow, string jsonPath, string runPrefix, int depth, GraphNode? owner, string ownerLabel,
        List<GraphNode> nodes, List<GraphEdge> edges)
    {
        var placed = new List<GraphNode>();
        for (var i = 0; i < flow.Count; i++)
        {
            var step = flow[i];
            var node = new GraphNode(step, flow, $"{jsonPath}[{i}]", runPrefix + step.Id, depth,
                Left + depth * Indent, Top + nodes.Count * RowHeight);
            nodes.Add(node);
            placed.Add(node);
            if (i == 0 && owner is not null) edges.Add(new GraphEdge(owner, node, EdgeKind.Nested, ownerLabel));
            foreach (var (segment, nested) in step.Flows())
            {
                var (prefix, label) = segment switch
                {
                    "steps" => ($"{runPrefix}{step.Id}/", "each item"),
                    "compensate" => ($"{runPrefix}{step.Id}~compensate/", "compensate"),
                    _ => ($"{runPrefix}{step.Id}/{BranchId(step, segment)}/", BranchId(step, segment)),
                };
                AddFlow(nested, $"{node.JsonPath}.{segment}", prefix, depth + 1, node, label, nodes, edges);
            }
        }
        // Jumps stay within their flow: a step goes to its next (or the following step), a condition to then/else.
        for (var i = 0; i < placed.Count; i++)
        {
            var node = placed[i];
            var following = i + 1 < placed.Count ? placed[i + 1] : null;
            if (node.Step.Kind == "condition")
            {
                var then = Target(placed, node.Step.Text("then"), following);
                var otherwise = Target(placed, node.Step.Text("else"), following);
                if (then is not null) edges.Add(new GraphEdge(node, then, EdgeKind.Then, "then"));
                if (otherwise is not null) edges.Add(new GraphEdge(node, otherwise, EdgeKind.Else, "else"));
            }
            else if (Target(placed, node.Step.Next, following) is { } next)
                edges.Add(new GraphEdge(node, next, node.Step.Next is null ? EdgeKind.Sequence : EdgeKind.Jump, node.Step.Next is null ? "" : "next"));
        }
    }

    static string BranchId(WorkflowStep step, string segment)
    {
        var index = int.Parse(segment.AsSpan("branches[".Length, segment.IndexOf(']') - "branches[".Length), System.Globalization.CultureInfo.InvariantCulture);
        return step.Branches![index].Id;
    }

    // An unnamed jump is the following step; "end" and unknown ids draw no edge (validation names the unknown ones).
    static GraphNode? Target(List<GraphNode> flow, string? id, GraphNode? following) =>
        id is null ? following : flow.FirstOrDefault(n => n.Step.Id == id);
}

/// <summary>One step on the graph: where it is in the definition (JSON path), in a run (step path), and on screen.</summary>
public sealed record GraphNode(WorkflowStep Step, List<WorkflowStep> Flow, string JsonPath, string RunPath, int Depth, double X, double Y);

public enum EdgeKind { Sequence, Jump, Then, Else, Nested }

public sealed record GraphEdge(GraphNode From, GraphNode To, EdgeKind Kind, string Label);
