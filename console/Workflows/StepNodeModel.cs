using Blazor.Diagrams.Core.Geometry;
using Blazor.Diagrams.Core.Models;

namespace Marketplace.Console.Workflows;

/// <summary>A step drawn on the diagram: the graph node it shows, what the server said about it, and its run state.</summary>
public sealed class StepNodeModel : NodeModel
{
    public StepNodeModel(GraphNode node) : base(node.RunPath, new Point(node.X, node.Y))
    {
        Node = node;
        Title = node.Step.Id;
        AddPort(PortAlignment.Top);
        AddPort(PortAlignment.Bottom);
        AddPort(PortAlignment.Right);
    }

    public GraphNode Node { get; }

    public IReadOnlyList<string> Errors { get; set; } = [];

    /// <summary>The step's state in the run shown (null in the designer, or when the step has not started).</summary>
    public StepStatus? Status { get; set; }
}
