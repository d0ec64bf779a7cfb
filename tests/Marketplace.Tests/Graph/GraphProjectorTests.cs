using Marketplace.Serialization;
using System.Text.Json;
using Marketplace.Events;
using Marketplace.Graph;
using Marketplace.Http;
using Marketplace.Registry;
using Marketplace.Tests.Infrastructure;
using Xunit;
using static Marketplace.Tests.Graph.KnowledgeGraphContract;

namespace Marketplace.Tests.Graph;

/// <summary>Integration events → graph, on every graph the contract suite runs on; redelivery changes nothing.</summary>
public sealed class GraphProjectorTests
{
    static readonly DateTimeOffset At = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    public static IntegrationEvent TaskFinished(string tenantId, string taskId, string agentId, string state) => new(
        $"task:{tenantId}:{taskId}:finished", Topics.TaskUpdates, SystemEvents.TaskFinishedType, $"/a2a/agents/{agentId}", taskId, At, tenantId,
        JsonSerializer.SerializeToElement(new TaskEventData(taskId, agentId, "publisher", "ctx-1", state, At, At), Json.Lenient));

    /// <summary>A run of four steps: fetch (agent a) → check (a condition, no task) → sum (agent b) → notify (agent a).</summary>
    public static WorkflowRunEventData Run(string tenantId, string runId, string a, string b, string[] tasks) => new(tenantId, runId, "wf-report", 3, "completed",
    [
        new("fetch", "agent", 1, "completed", At) { AgentId = a, SkillId = "keywords", TaskId = tasks[0] },
        new("check", "condition", 2, "completed", At) { DependsOn = ["fetch"] },
        new("sum", "agent", 3, "completed", At) { AgentId = b, SkillId = "summarize", TaskId = tasks[1], DependsOn = ["check"] },
        new("notify", "agent", 4, "failed", At) { AgentId = a, SkillId = "keywords", TaskId = tasks[2], DependsOn = ["sum", "fetch"] },
    ]);

    [Theory]
    [MemberData(nameof(Graphs), MemberType = typeof(KnowledgeGraphContract))]
    public async Task A_finished_run_and_its_tasks_become_lineage_and_collaboration_and_redelivery_changes_nothing(string kind)
    {
        var graph = Create(kind);
        var projector = new GraphProjector(graph);
        var (tenant, runId, a, b) = (Id("tenant"), Id("run"), Id("agent"), Id("agent"));
        string[] tasks = [Id("tsk"), Id("tsk"), Id("tsk")];
        IntegrationEvent[] events =
        [
            TaskFinished(tenant, tasks[0], a, "Completed"), TaskFinished(tenant, tasks[1], b, "Completed"), TaskFinished(tenant, tasks[2], a, "Failed"),
            WorkflowEvents.Finished(Run(tenant, runId, a, b, tasks), At),
        ];
        foreach (var evt in events) await projector.ProjectAsync(evt, default);
        var first = await SnapshotAsync(graph, tenant, runId, a, b);

        foreach (var evt in events.Reverse()) await projector.ProjectAsync(evt, default); // redelivered, in another order
        Assert.Equal(first, await SnapshotAsync(graph, tenant, runId, a, b));

        var lineage = (await graph.LineageAsync(runId, default))!;
        Assert.Equal((tenant, "wf-report", "3"), (lineage.Run.TenantId, lineage.Run.Properties["workflowId"], lineage.Run.Properties["version"]));
        // The condition step has no task: "sum" depends on the task before it, through it.
        Assert.Equal([(tasks[0], 1, a, ""), (tasks[1], 3, b, tasks[0]), (tasks[2], 4, a, string.Join(",", new[] { tasks[0], tasks[1] }.Order(StringComparer.Ordinal)))],
            lineage.Steps.Select(s => (s.TaskId, s.Order, s.AgentIds.Single(), string.Join(",", s.DependsOn))));
        Assert.Equal(("sum", "summarize", "completed"), (lineage.Steps[1].Properties["stepPath"], lineage.Steps[1].Properties["skillId"], lineage.Steps[1].Properties["stepState"]));
        Assert.Equal([(b, 1L)], (await graph.CollaboratorsAsync(a, 10, default)).Select(c => (c.AgentId, c.Runs)));
        Assert.Equal(new AgentTaskStats(a, 2, 1), (await graph.TaskStatsAsync(default)).Single(s => s.AgentId == a));
        Assert.Equal([new AgentProximity(a, 2, 1)], await graph.ProximityAsync(tenant, [a], default));
    }

    [Theory]
    [MemberData(nameof(Graphs), MemberType = typeof(KnowledgeGraphContract))]
    public async Task Agent_events_record_the_owner_and_an_older_version_does_not_roll_the_agent_back(string kind)
    {
        var graph = Create(kind);
        var projector = new GraphProjector(graph);
        var (publisher, agentId) = (Id("tenant"), Id("agt"));
        var card = JsonSerializer.Deserialize<AgentCard>(Cards.Valid("Reader v1").ToJsonString(), Json.Lenient)!;
        var v1 = new AgentListing(agentId, publisher, Visibility.Public, ListingStatus.Active, 1, At, At, card);
        var v2 = v1 with { Version = 2, Visibility = Visibility.Private, Card = card with { Name = "Reader v2" } };
        await projector.ProjectAsync(AgentEvents.Published(v1), default);
        await projector.ProjectAsync(AgentEvents.Updated(v2), default);
        await projector.ProjectAsync(AgentEvents.Published(v1), default); // late redelivery of the first version

        var node = (await graph.NodeAsync(NodeLabel.Agent, agentId, default))!;
        Assert.Equal((publisher, "Reader v2", "2", "private"), (node.TenantId, node.Properties["name"], node.Properties["version"], node.Properties["visibility"]));
        Assert.Equal([agentId], (await graph.EdgesFromAsync(NodeLabel.Tenant, publisher, EdgeType.Owns, default)).Select(e => e.ToId));
    }

    /// <summary>Everything the events wrote, as one comparable string.</summary>
    static async Task<string> SnapshotAsync(IKnowledgeGraph graph, string tenant, string runId, string a, string b) => JsonSerializer.Serialize(new object[]
    {
        (await graph.LineageAsync(runId, default))!,
        await graph.EdgesFromAsync(NodeLabel.Tenant, tenant, EdgeType.Created, default),
        await graph.CollaboratorsAsync(a, 10, default),
        await graph.CollaboratorsAsync(b, 10, default),
        (await graph.TaskStatsAsync(default)).Where(s => s.AgentId == a || s.AgentId == b).OrderBy(s => s.AgentId),
        await graph.ProximityAsync(tenant, [a, b], default),
    }, Json.Lenient);
}
