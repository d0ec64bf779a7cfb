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

    public static IKnowledgeGraph Create(string kind, string? path = null) => kind == "embedded"
        ? new EmbeddedGraph(path ?? Path.Combine(Directory.CreateTempSubdirectory("graph-").FullName, "graph.jsonl"))
        : new Neo4jGraph(new HttpClient(), Options.Create(new Neo4jOptions
        {
            Uri = Environment.GetEnvironmentVariable("Neo4j__Uri"),
            User = Environment.GetEnvironmentVariable("Neo4j__User"),
            Password = Environment.GetEnvironmentVariable("Neo4j__Password"),
        }));

    // Ids unique per test, so runs against a shared Neo4j do not see each other.
    public static string Id(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    [Theory]
    [MemberData(nameof(Graphs))]
    public async Task Nodes_and_edges_merge_instead_of_duplicating(string kind)
    {
        var graph = Create(kind);
        var (tenant, agent, run, t1, t2) = (Id("tenant"), Id("agent"), Id("run"), Id("task"), Id("task"));
        await graph.MergeNodeAsync(new GraphNode(NodeLabel.Agent, agent, new Dictionary<string, string> { ["name"] = "Old", ["status"] = "active" }) { TenantId = tenant }, default);
        await graph.MergeNodeAsync(new GraphNode(NodeLabel.Agent, agent, new Dictionary<string, string> { ["name"] = "New" }), default);
        // Properties merge (a write names only what it changes) and a write without a tenant keeps the one recorded.
        var merged = (await graph.NodeAsync(NodeLabel.Agent, agent, default))!;
        Assert.Equal((tenant, "New", "active"), (merged.TenantId, merged.Properties["name"], merged.Properties["status"]));
        Assert.Equal(2, merged.Properties.Count);
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
        // A relationship creates its missing ends.
        Assert.NotNull(await graph.NodeAsync(NodeLabel.Task, t1, default));
    }

    [Theory]
    [MemberData(nameof(Graphs))]
    public async Task Proximity_counts_the_tenants_tasks_and_runs_shared_with_the_agents_it_used(string kind)
    {
        var graph = Create(kind);
        var (tenant, other) = (Id("tenant"), Id("tenant"));
        var (used, partner, stranger, unrelated) = (Id("used"), Id("partner"), Id("stranger"), Id("unrelated"));
        foreach (var (creator, agent, task) in new[] { (tenant, used, Id("task")), (tenant, used, Id("task")), (other, stranger, Id("task")), (tenant, partner, Id("task")) })
        {
            await graph.MergeEdgeAsync(new GraphEdge(EdgeType.Created, NodeLabel.Tenant, creator, NodeLabel.Task, task), default);
            await graph.MergeEdgeAsync(new GraphEdge(EdgeType.Executes, NodeLabel.Agent, agent, NodeLabel.Task, task), default);
        }
        await graph.RecordCollaborationAsync(Id("run"), [used, partner, stranger], default);
        await graph.RecordCollaborationAsync(Id("run"), [used, stranger], default);
        await graph.MergeNodeAsync(new GraphNode(NodeLabel.Agent, unrelated, new Dictionary<string, string>()), default);

        var proximity = (await graph.ProximityAsync(tenant, [used, partner, stranger, unrelated, Id("missing")], default)).OrderBy(p => p.AgentId == used ? 0 : p.AgentId == partner ? 1 : 2).ToList();
        // stranger never ran this tenant's tasks but shared two runs with "used" and one with "partner".
        Assert.Equal([new AgentProximity(used, 2, 1), new AgentProximity(partner, 1, 1), new AgentProximity(stranger, 0, 3)], proximity);
        Assert.Empty(await graph.ProximityAsync(Id("tenant"), [used, partner], default));
    }

    [Theory]
    [MemberData(nameof(Graphs))]
    public async Task Task_stats_count_finished_and_completed_tasks_per_agent(string kind)
    {
        var graph = Create(kind);
        var agent = Id("agent");
        foreach (var state in new[] { "Completed", "Completed", "Failed", null })
        {
            var task = Id("task");
            await graph.MergeEdgeAsync(new GraphEdge(EdgeType.Executes, NodeLabel.Agent, agent, NodeLabel.Task, task), default);
            if (state is not null) await graph.MergeNodeAsync(new GraphNode(NodeLabel.Task, task, new Dictionary<string, string> { [GraphProperties.TaskState] = state }), default);
        }
        Assert.Equal(new AgentTaskStats(agent, 3, 2), (await graph.TaskStatsAsync(default)).Single(s => s.AgentId == agent));
    }

    [Theory]
    [MemberData(nameof(Graphs))]
    public async Task Lineage_lists_a_runs_tasks_in_order_with_agents_and_dependencies(string kind)
    {
        var graph = Create(kind);
        var (tenant, run, t1, t2, a, b) = (Id("tenant"), Id("run"), Id("task"), Id("task"), Id("agent"), Id("agent"));
        Assert.Null(await graph.LineageAsync(run, default));
        await graph.MergeNodeAsync(new GraphNode(NodeLabel.Workflow, run, new Dictionary<string, string> { ["workflowId"] = "wf" }) { TenantId = tenant }, default);
        await graph.MergeNodeAsync(new GraphNode(NodeLabel.Task, t2, new Dictionary<string, string> { ["stepPath"] = "second" }) { TenantId = tenant }, default);
        await graph.MergeEdgeAsync(new GraphEdge(EdgeType.Contains, NodeLabel.Workflow, run, NodeLabel.Task, t2) { Order = 2 }, default);
        await graph.MergeEdgeAsync(new GraphEdge(EdgeType.Contains, NodeLabel.Workflow, run, NodeLabel.Task, t1) { Order = 1 }, default);
        await graph.MergeEdgeAsync(new GraphEdge(EdgeType.Executes, NodeLabel.Agent, a, NodeLabel.Task, t1), default);
        await graph.MergeEdgeAsync(new GraphEdge(EdgeType.Executes, NodeLabel.Agent, b, NodeLabel.Task, t2), default);
        await graph.MergeEdgeAsync(new GraphEdge(EdgeType.DependsOn, NodeLabel.Task, t2, NodeLabel.Task, t1), default);

        var lineage = (await graph.LineageAsync(run, default))!;
        Assert.Equal((tenant, "wf"), (lineage.Run.TenantId, lineage.Run.Properties["workflowId"]));
        Assert.Equal([(t1, 1, a, ""), (t2, 2, b, t1)], lineage.Steps.Select(s => (s.TaskId, s.Order, s.AgentIds.Single(), string.Join(",", s.DependsOn))));
        Assert.Equal("second", lineage.Steps[1].Properties["stepPath"]);
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
            // A node without a tenant is written without the member; it must read back all the same.
            await graph.MergeNodeAsync(new GraphNode(NodeLabel.Agent, "a", new Dictionary<string, string> { ["name"] = "A" }), default);
        }
        await File.AppendAllTextAsync(path, "{\"op\":\"collabora"); // a crash mid-write
        using (var reopened = new EmbeddedGraph(path))
        {
            Assert.Equal([("b", 1L)], (await reopened.CollaboratorsAsync("a", 10, default)).Select(x => (x.AgentId, x.Runs)));
            Assert.Single(await reopened.EdgesFromAsync(NodeLabel.Tenant, "t", EdgeType.Owns, default));
            Assert.Equal("A", (await reopened.NodeAsync(NodeLabel.Agent, "a", default))!.Properties["name"]);
            await reopened.RecordCollaborationAsync("run-1", ["a", "b"], default);
            await reopened.RecordCollaborationAsync("run-2", ["a", "b"], default);
        }
        // What was written after the torn line is kept too.
        using var again = new EmbeddedGraph(path);
        Assert.Equal(2, (await again.CollaboratorsAsync("a", 10, default))[0].Runs);
    }
}
