using System.Text.Json;
using Marketplace.Http;

namespace Marketplace.Graph;

/// <summary>
/// The graph in process memory, persisted as an append-only log of its writes (one JSON line each) that is replayed
/// on start: the default when no Neo4j is configured, for a single instance (a local run, a small deployment).
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

    readonly object gate = new();
    readonly Dictionary<(NodeLabel, string), GraphNode> nodes = [];
    readonly HashSet<GraphEdge> edges = [];
    readonly HashSet<string> collaborationRuns = [];
    readonly Dictionary<(string, string), long> collaborations = [];
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
            IReadOnlyList<Collaborator> result = collaborations
                .Where(c => c.Key.Item1 == agentId || c.Key.Item2 == agentId)
                .Select(c => new Collaborator(c.Key.Item1 == agentId ? c.Key.Item2 : c.Key.Item1, c.Value))
                .OrderByDescending(c => c.Runs).ThenBy(c => c.AgentId, StringComparer.Ordinal).Take(limit).ToList();
            return Task.FromResult(result);
        }
    }

    public Task<IReadOnlyList<GraphEdge>> EdgesFromAsync(NodeLabel label, string id, EdgeType type, CancellationToken ct)
    {
        lock (gate)
        {
            IReadOnlyList<GraphEdge> result = edges.Where(e => e.FromLabel == label && e.FromId == id && e.Type == type)
                .OrderBy(e => e.Order ?? int.MaxValue).ThenBy(e => e.ToId, StringComparer.Ordinal).ToList();
            return Task.FromResult(result);
        }
    }

    public Task<GraphNode?> NodeAsync(NodeLabel label, string id, CancellationToken ct)
    {
        lock (gate) return Task.FromResult(nodes.GetValueOrDefault((label, id)));
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
                nodes[(entry.Node!.Label, entry.Node.Id)] = entry.Node;
                break;
            case "edge":
                // Merge semantics: one relationship per type and ends; a later write only updates its order.
                edges.RemoveWhere(e => e.Type == entry.Edge!.Type && e.FromLabel == entry.Edge.FromLabel && e.FromId == entry.Edge.FromId
                    && e.ToLabel == entry.Edge.ToLabel && e.ToId == entry.Edge.ToId);
                edges.Add(entry.Edge!);
                break;
            case "collaboration" when collaborationRuns.Add(entry.RunId!):
                var agents = entry.Agents!;
                for (var i = 0; i < agents.Count; i++)
                    for (var j = i + 1; j < agents.Count; j++)
                        collaborations[(agents[i], agents[j])] = collaborations.GetValueOrDefault((agents[i], agents[j])) + 1;
                break;
        }
    }

    static int LastByte(string path)
    {
        using var file = File.OpenRead(path);
        file.Seek(-1, SeekOrigin.End);
        return file.ReadByte();
    }

    public void Dispose() => log.Dispose();
}
