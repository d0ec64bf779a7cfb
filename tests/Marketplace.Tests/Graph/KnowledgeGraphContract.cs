using Marketplace.Graph;
using Microsoft.Extensions.Options;
using Xunit;

namespace Marketplace.Tests.Graph;

/// <summary>
/// What every <see cref="IKnowledgeGraph"/> must do: on the embedded graph always, and on a real Neo4j when
/// <c>Neo4j__Uri</c> (and <c>Neo4j__User</c>, <c>Neo4j__Password</c>) are set in the environment.
/// </summary>
public sealed class KnowledgeGraphContract
{
    public static TheoryData<string> Graphs()
    {
        var data = new TheoryData<string> { "embedded" };
        if (Environment.GetEnvironmentVariable("Neo4j__Uri") is { Length: > 0 }) data.Add("neo4j");
        return data;
    }

    static IKnowledgeGraph Create(string kind, string? path = null) => kind == "embedded"
        ? new EmbeddedGraph(path ?? Path.Combine(Directory.CreateTempSubdirectory("graph-").FullName, "graph.jsonl"))
        : new Neo4jGraph(new HttpClient(), Options.Create(new Neo4jOptions
        {
            Uri = Environment.GetEnvironmentVariable("Neo4j__Uri"),
            User = Environment.GetEnvironmentVariable("Neo4j__User"),
            Password = Environment.GetEnvironmentVariable("Neo4j__Password"),
        }));

    // Ids unique per test, so runs against a shared Neo4j do not see each other.
    static string Id(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    [Theory]
    [MemberData(nameof(Graphs))]
    public async Task Nodes_and_edges_merge_instead_of_duplicating(string kind)
    {
        var graph = Create(kind);
        var (tenant, agent, run, t1, t2) = (Id("tenant"), Id("agent"), Id("run"), Id("task"), Id("task"));
        await graph.MergeNodeAsync(new GraphNode(NodeLabel.Agent, agent, null, new Dictionary<string, string> { ["name"] = "Old" }), default);
        await graph.MergeNodeAsync(new GraphNode(NodeLabel.Agent, agent, null, new Dictionary<string, string> { ["name"] = "New" }), default);
        Assert.Equal("New", (await graph.NodeAsync(NodeLabel.Agent, agent, default))!.Properties["name"]);
        Assert.Null(await graph.NodeAsync(NodeLabel.Agent, Id("agent"), default));

        for (var i = 0; i < 2; i++)
        {
            await graph.MergeEdgeAsync(new GraphEdge(EdgeType.Owns, NodeLabel.Tenant, tenant, NodeLabel.Agent, agent), default);
            await graph.MergeEdgeAsync(new GraphEdge(EdgeType.Contains, NodeLabel.Workflow, run, NodeLabel.Task, t2) { Order = 2 }, default);
            await graph.MergeEdgeAsync(new GraphEdge(EdgeType.Contains, NodeLabel.Workflow, run, NodeLabel.Task, t1) { Order = 1 }, default);
        }
        Assert.Equal([agent], (await graph.EdgesFromAsync(NodeLabel.Tenant, tenant, EdgeType.Owns, default)).Select(e => e.ToId));
        var contained = await graph.EdgesFromAsync(NodeLabel.Workflow, run, EdgeType.Contains, default);
        Assert.Equal([(t1, 1), (t2, 2)], contained.Select(e => (e.ToId, e.Order ?? 0)));
        Assert.Empty(await graph.EdgesFromAsync(NodeLabel.Tenant, tenant, EdgeType.Created, default));
    }

    [Theory]
    [MemberData(nameof(Graphs))]
    public async Task Collaboration_counts_each_run_once_in_both_directions(string kind)
    {
        var graph = Create(kind);
        var (a, b, c) = (Id("a"), Id("b"), Id("c"));
        var (run1, run2) = (Id("run"), Id("run"));
        await graph.RecordCollaborationAsync(run1, [a, b, c], default);
        await graph.RecordCollaborationAsync(run1, [a, b, c], default); // a redelivered event
        await graph.RecordCollaborationAsync(run2, [b, a], default);
        Assert.Equal([(b, 2L), (c, 1L)], (await graph.CollaboratorsAsync(a, 10, default)).Select(x => (x.AgentId, x.Runs)));
        Assert.Equal([(a, 2L)], (await graph.CollaboratorsAsync(b, 1, default)).Select(x => (x.AgentId, x.Runs)));
        Assert.Equal([(a, 1L), (b, 1L)], (await graph.CollaboratorsAsync(c, 10, default)).Select(x => (x.AgentId, x.Runs)).OrderBy(x => x.Item1 == a ? 0 : 1));
        Assert.Empty(await graph.CollaboratorsAsync(Id("lonely"), 10, default));
    }

    [Fact]
    public async Task The_embedded_graph_survives_a_restart_and_a_torn_last_line()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("graph-").FullName, "graph.jsonl");
        using (var graph = new EmbeddedGraph(path))
        {
            await graph.RecordCollaborationAsync("run-1", ["a", "b"], default);
            await graph.MergeEdgeAsync(new GraphEdge(EdgeType.Owns, NodeLabel.Tenant, "t", NodeLabel.Agent, "a"), default);
        }
        await File.AppendAllTextAsync(path, "{\"op\":\"collabora"); // a crash mid-write
        using (var reopened = new EmbeddedGraph(path))
        {
            Assert.Equal([("b", 1L)], (await reopened.CollaboratorsAsync("a", 10, default)).Select(x => (x.AgentId, x.Runs)));
            Assert.Single(await reopened.EdgesFromAsync(NodeLabel.Tenant, "t", EdgeType.Owns, default));
            await reopened.RecordCollaborationAsync("run-1", ["a", "b"], default);
            await reopened.RecordCollaborationAsync("run-2", ["a", "b"], default);
        }
        // What was written after the torn line is kept too.
        using var again = new EmbeddedGraph(path);
        Assert.Equal(2, (await again.CollaboratorsAsync("a", 10, default))[0].Runs);
    }
}
