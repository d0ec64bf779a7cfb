namespace Marketplace.Graph;

/// <summary>The node labels of the reference design; every node has a unique id within its label.</summary>
public enum NodeLabel
{
    Tenant,
    Agent,
    Task,

    /// <summary>One run of a workflow (its id is the run id; the workflow's own id is a property).</summary>
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

/// <summary>A node: label, id and a few string properties.</summary>
public sealed record GraphNode(NodeLabel Label, string Id, IReadOnlyDictionary<string, string> Properties)
{
    /// <summary>
    /// The tenant the node belongs to: the creator of a task or run, the publisher of an agent. A merge without one
    /// keeps the tenant already recorded. (An init property: the log omits nulls and must read them back.)
    /// </summary>
    public string? TenantId { get; init; }
}

/// <summary>A relationship between two nodes, written idempotently.</summary>
public sealed record GraphEdge(EdgeType Type, NodeLabel FromLabel, string FromId, NodeLabel ToLabel, string ToId)
{
    /// <summary>Position of a task within a run (for lineage order), when the edge is <see cref="EdgeType.Contains"/>.</summary>
    public int? Order { get; init; }
}

/// <summary>An agent another agent worked with, and in how many runs.</summary>
public sealed record Collaborator(string AgentId, long Runs);

/// <summary>
/// How close an agent is to those a tenant already uses: the tenant's tasks it ran itself, and the runs it shared
/// with agents that ran the tenant's tasks.
/// </summary>
public sealed record AgentProximity(string AgentId, long TenantTasks, long CollaborationRuns);

/// <summary>What an agent's finished tasks say about it: how many finished, and how many of those completed.</summary>
public sealed record AgentTaskStats(string AgentId, long Finished, long Completed);

/// <summary>One task of a run, where it came in the run, who ran it and which of the run's tasks it depended on.</summary>
public sealed record LineageStep(string TaskId, int Order, IReadOnlyDictionary<string, string> Properties, IReadOnlyList<string> AgentIds, IReadOnlyList<string> DependsOn);

/// <summary>A workflow run's node and its tasks in run order.</summary>
public sealed record RunLineage(GraphNode Run, IReadOnlyList<LineageStep> Steps);

/// <summary>Property names the projector writes and the queries read.</summary>
public static class GraphProperties
{
    /// <summary>A task's final A2A state (<c>Completed</c>, <c>Failed</c>, <c>Canceled</c>, <c>Rejected</c>), set when it finished.</summary>
    public const string TaskState = "state";

    public const string Completed = "Completed";
}
