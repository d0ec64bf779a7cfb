namespace Marketplace.Graph;

/// <summary>
/// The knowledge graph linking tenants, agents, tasks and workflow runs. Every write is idempotent (merge semantics),
/// because it is fed from integration events that may arrive more than once.
/// </summary>
public interface IKnowledgeGraph
{
    /// <summary>Creates the node or adds its properties to those it has (same names are overwritten).</summary>
    Task MergeNodeAsync(GraphNode node, CancellationToken ct);

    /// <summary>Creates the relationship (and any missing end node) unless it exists; an existing one takes the new order.</summary>
    Task MergeEdgeAsync(GraphEdge edge, CancellationToken ct);

    /// <summary>
    /// Records that the agents took part in one workflow run: every pair's COLLABORATES_WITH weight grows by one,
    /// once per run however often this is called for it.
    /// </summary>
    Task RecordCollaborationAsync(string runId, IReadOnlyCollection<string> agentIds, CancellationToken ct);

    /// <summary>The relationships of one type leaving a node, by <c>Order</c> then target id.</summary>
    Task<IReadOnlyList<GraphEdge>> EdgesFromAsync(NodeLabel label, string id, EdgeType type, CancellationToken ct);

    /// <summary>A node, or null.</summary>
    Task<GraphNode?> NodeAsync(NodeLabel label, string id, CancellationToken ct);

    /// <summary>The agents an agent has worked with, most runs first (ties by id).</summary>
    Task<IReadOnlyList<Collaborator>> CollaboratorsAsync(string agentId, int limit, CancellationToken ct);

    /// <summary>
    /// For each candidate agent: how many of the tenant's tasks it executed, and how many runs it shared with the
    /// other agents that executed the tenant's tasks. Candidates with neither may be left out.
    /// </summary>
    Task<IReadOnlyList<AgentProximity>> ProximityAsync(string tenantId, IReadOnlyCollection<string> candidateIds, CancellationToken ct);

    /// <summary>Finished and completed task counts of every agent that executed a finished task.</summary>
    Task<IReadOnlyList<AgentTaskStats>> TaskStatsAsync(CancellationToken ct);

    /// <summary>A run's node and the tasks it contains in order, with their executing agents and dependencies; null for no such run.</summary>
    Task<RunLineage?> LineageAsync(string runId, CancellationToken ct);
}
