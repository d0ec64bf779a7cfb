namespace Marketplace.Graph;

/// <summary>The node labels of the reference design; every node has a unique id within its label.</summary>
public enum NodeLabel
{
    Tenant,
    Agent,
    Task,
    Workflow,
}

/// <summary>The relationship types of the reference design.</summary>
public enum EdgeType
{
    /// <summary>Tenant → Agent it publishes.</summary>
    Owns,

    /// <summary>Tenant → Task or Workflow (run) it started.</summary>
    Created,

    /// <summary>Agent → Task it ran.</summary>
    Executes,

    /// <summary>Task → Task it needed the output of.</summary>
    DependsOn,

    /// <summary>Workflow (run) → Task it contains.</summary>
    Contains,

    /// <summary>Agent ↔ Agent that took part in the same workflow run; the weight counts the runs.</summary>
    CollaboratesWith,
}

/// <summary>A node: label, id, the tenant it belongs to (none for public things like agents), and a few properties.</summary>
public sealed record GraphNode(NodeLabel Label, string Id, string? TenantId, IReadOnlyDictionary<string, string> Properties);

/// <summary>A relationship between two nodes, written idempotently.</summary>
public sealed record GraphEdge(EdgeType Type, NodeLabel FromLabel, string FromId, NodeLabel ToLabel, string ToId)
{
    /// <summary>Position of a task within a run (for lineage order), when the edge is <see cref="EdgeType.Contains"/>.</summary>
    public int? Order { get; init; }
}

/// <summary>An agent another agent worked with, and in how many runs.</summary>
public sealed record Collaborator(string AgentId, long Runs);
