using Marketplace.Serialization;
using System.Text.Json;
using Marketplace.Http;

namespace Marketplace.Graph;

/// <summary>
/// The graph in process memory, persisted as an append-only log of its writes (one JSON line each) that is replayed
/// on start: the default when no Neo4j is configured, for a single instance (a local run, a small deployment).
/// Relationships are indexed by both ends, so every query reads only the neighbourhood it asks about.
/// </summary>
public sealed class EmbeddedGraph : IKnowledgeGraph, IDisposable
{
    sealed record LogEntry(string Op)
    {
        public GraphNode? Node { get; init; }
        public GraphEdge? Edge { get; init; }
        public string? RunId { get; init; }
        public IReadOnlyList<string>? Agents { get; init; }
    }

    static readonly IReadOnlyDictionary<string, string> NoProperties = new Dictionary<string, string>();

    readonly object gate = new();
    readonly Dictionary<(NodeLabel, string), GraphNode> nodes = [];
    // (label, id, type) of one end → the other end → the relationship.
    readonly Dictionary<(NodeLabel, string, EdgeType), Dictionary<(NodeLabel, string), GraphEdge>> outgoing = [];
    readonly Dictionary<(NodeLabel, string, EdgeType), Dictionary<(NodeLabel, string), GraphEdge>> incoming = [];
    readonly HashSet<string> collaborationRuns = [];
    readonly Dictionary<string, Dictionary<string, long>> collaborations = [];
    readonly StreamWriter log;

    public EmbeddedGraph(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (File.Exists(path))
            foreach (var line in File.ReadLines(path).Where(l => l.Length > 0))
            {
                // A line cut short by a crash is the last one; what it described was never acknowledged.
                LogEntry? entry;
                try { entry = JsonSerializer.Deserialize<LogEntry>(line, Json.Lenient); }
                catch (JsonException) { continue; }
                if (entry is not null) Apply(entry);
            }
        var torn = File.Exists(path) && new FileInfo(path).Length > 0 && LastByte(path) != '\n';
        log = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
        // End a torn last line, so the next entry starts a line of its own instead of joining the fragment.
        if (torn) log.WriteLine();
    }

    public Task MergeNodeAsync(GraphNode node, CancellationToken ct) => WriteAsync(new LogEntry("node") { Node = node });

    public Task MergeEdgeAsync(GraphEdge edge, CancellationToken ct) => WriteAsync(new LogEntry("edge") { Edge = edge });

    public Task RecordCollaborationAsync(string runId, IReadOnlyCollection<string> agentIds, CancellationToken ct) =>
        WriteAsync(new LogEntry("collaboration") { RunId = runId, Agents = agentIds.Distinct().Order(StringComparer.Ordinal).ToList() });

    public Task<IReadOnlyList<Collaborator>> CollaboratorsAsync(string agentId, int limit, CancellationToken ct)
    {
        lock (gate)
        {
            IReadOnlyList<Collaborator> result = collaborations.TryGetValue(agentId, out var near)
                ? near.Select(c => new Collaborator(c.Key, c.Value)).OrderByDescending(c => c.Runs).ThenBy(c => c.AgentId, StringComparer.Ordinal).Take(limit).ToList()
                : [];
            return Task.FromResult(result);
        }
    }

    public Task<IReadOnlyList<GraphEdge>> EdgesFromAsync(NodeLabel label, string id, EdgeType type, CancellationToken ct)
    {
        lock (gate)
        {
            IReadOnlyList<GraphEdge> result = Ordered(Neighbours(outgoing, label, id, type).Values);
            return Task.FromResult(result);
        }
    }

    public Task<GraphNode?> NodeAsync(NodeLabel label, string id, CancellationToken ct)
    {
        lock (gate) return Task.FromResult(nodes.GetValueOrDefault((label, id)));
    }

    public Task<IReadOnlyList<AgentProximity>> ProximityAsync(string tenantId, IReadOnlyCollection<string> candidateIds, CancellationToken ct)
    {
        lock (gate)
        {
            // The agents that ran the tenant's tasks, with how many each ran.
            var used = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var (task, _) in Neighbours(outgoing, NodeLabel.Tenant, tenantId, EdgeType.Created))
            {
                if (task.Item1 != NodeLabel.Task) continue;
                foreach (var (agent, _) in Neighbours(incoming, NodeLabel.Task, task.Item2, EdgeType.Executes))
                    used[agent.Item2] = used.GetValueOrDefault(agent.Item2) + 1;
            }
            var result = new List<AgentProximity>();
            foreach (var candidate in candidateIds.Distinct())
            {
                long runs = 0;
                if (collaborations.TryGetValue(candidate, out var near))
                    foreach (var (other, weight) in near)
                        if (used.ContainsKey(other)) runs += weight;
                var tasks = used.GetValueOrDefault(candidate);
                if (tasks > 0 || runs > 0) result.Add(new AgentProximity(candidate, tasks, runs));
            }
            return Task.FromResult<IReadOnlyList<AgentProximity>>(result);
        }
    }

    public Task<IReadOnlyList<AgentTaskStats>> TaskStatsAsync(CancellationToken ct)
    {
        lock (gate)
        {
            var stats = new Dictionary<string, (long Finished, long Completed)>(StringComparer.Ordinal);
            foreach (var ((label, taskId), task) in nodes)
            {
                if (label != NodeLabel.Task || !task.Properties.TryGetValue(GraphProperties.TaskState, out var state)) continue;
                foreach (var (agent, _) in Neighbours(incoming, NodeLabel.Task, taskId, EdgeType.Executes))
                {
                    var (finished, completed) = stats.GetValueOrDefault(agent.Item2);
                    stats[agent.Item2] = (finished + 1, completed + (state == GraphProperties.Completed ? 1 : 0));
                }
            }
            return Task.FromResult<IReadOnlyList<AgentTaskStats>>(stats.Select(s => new AgentTaskStats(s.Key, s.Value.Finished, s.Value.Completed)).ToList());
        }
    }

    public Task<RunLineage?> LineageAsync(string runId, CancellationToken ct)
    {
        lock (gate)
        {
            if (!nodes.TryGetValue((NodeLabel.Workflow, runId), out var run)) return Task.FromResult<RunLineage?>(null);
            var steps = Ordered(Neighbours(outgoing, NodeLabel.Workflow, runId, EdgeType.Contains).Values.Where(e => e.ToLabel == NodeLabel.Task))
                .Select(e => new LineageStep(e.ToId, e.Order ?? 0, nodes.GetValueOrDefault((NodeLabel.Task, e.ToId))?.Properties ?? NoProperties,
                    Neighbours(incoming, NodeLabel.Task, e.ToId, EdgeType.Executes).Keys.Where(k => k.Item1 == NodeLabel.Agent).Select(k => k.Item2).Order(StringComparer.Ordinal).ToList(),
                    Neighbours(outgoing, NodeLabel.Task, e.ToId, EdgeType.DependsOn).Keys.Select(k => k.Item2).Order(StringComparer.Ordinal).ToList()))
                .ToList();
            return Task.FromResult<RunLineage?>(new RunLineage(run, steps));
        }
    }

    Task WriteAsync(LogEntry entry)
    {
        lock (gate)
        {
            log.WriteLine(JsonSerializer.Serialize(entry, Json.Lenient));
            Apply(entry);
        }
        return Task.CompletedTask;
    }

    void Apply(LogEntry entry)
    {
        switch (entry.Op)
        {
            case "node":
                MergeNode(entry.Node!);
                break;
            case "edge":
                // Merge semantics: one relationship per type and ends; a later write only updates its order.
                var edge = entry.Edge!;
                MergeNode(new GraphNode(edge.FromLabel, edge.FromId, NoProperties));
                MergeNode(new GraphNode(edge.ToLabel, edge.ToId, NoProperties));
                Index(outgoing, (edge.FromLabel, edge.FromId, edge.Type))[(edge.ToLabel, edge.ToId)] = edge;
                Index(incoming, (edge.ToLabel, edge.ToId, edge.Type))[(edge.FromLabel, edge.FromId)] = edge;
                break;
            case "collaboration" when collaborationRuns.Add(entry.RunId!):
                var agents = entry.Agents!;
                foreach (var a in agents)
                    foreach (var b in agents.Where(b => b != a))
                    {
                        if (!collaborations.TryGetValue(a, out var near)) collaborations[a] = near = new Dictionary<string, long>(StringComparer.Ordinal);
                        near[b] = near.GetValueOrDefault(b) + 1;
                    }
                break;
        }
    }

    void MergeNode(GraphNode node)
    {
        if (!nodes.TryGetValue((node.Label, node.Id), out var existing))
        {
            nodes[(node.Label, node.Id)] = node with { Properties = new Dictionary<string, string>(node.Properties) };
            return;
        }
        if (node.Properties.Count == 0 && node.TenantId is null) return;
        var properties = new Dictionary<string, string>(existing.Properties);
        foreach (var (name, value) in node.Properties) properties[name] = value;
        nodes[(node.Label, node.Id)] = existing with { Properties = properties, TenantId = node.TenantId ?? existing.TenantId };
    }

    static Dictionary<(NodeLabel, string), GraphEdge> Index(
        Dictionary<(NodeLabel, string, EdgeType), Dictionary<(NodeLabel, string), GraphEdge>> index, (NodeLabel, string, EdgeType) key)
    {
        if (!index.TryGetValue(key, out var edges)) index[key] = edges = [];
        return edges;
    }

    static IReadOnlyDictionary<(NodeLabel, string), GraphEdge> Neighbours(
        Dictionary<(NodeLabel, string, EdgeType), Dictionary<(NodeLabel, string), GraphEdge>> index, NodeLabel label, string id, EdgeType type) =>
        index.TryGetValue((label, id, type), out var edges) ? edges : EmptyNeighbours;

    static readonly IReadOnlyDictionary<(NodeLabel, string), GraphEdge> EmptyNeighbours = new Dictionary<(NodeLabel, string), GraphEdge>();

    static List<GraphEdge> Ordered(IEnumerable<GraphEdge> edges) =>
        edges.OrderBy(e => e.Order ?? int.MaxValue).ThenBy(e => e.ToId, StringComparer.Ordinal).ToList();

    static int LastByte(string path)
    {
        using var file = File.OpenRead(path);
        file.Seek(-1, SeekOrigin.End);
        return file.ReadByte();
    }

    public void Dispose() => log.Dispose();
}
