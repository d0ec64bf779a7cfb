using Marketplace.Serialization;
using System.Globalization;
using System.Text.Json;
using Marketplace.Events;
using Marketplace.Http;

namespace Marketplace.Graph;

/// <summary>
/// Feeds the knowledge graph from integration events. Every write is a merge and collaboration is counted once per
/// run, so a redelivered event leaves the graph as it was; an agent event older than the version already recorded
/// does not roll the agent's properties back.
/// </summary>
public sealed class GraphProjector(IKnowledgeGraph graph) : IEventProjector
{
    public Task ProjectAsync(IntegrationEvent evt, CancellationToken ct) => evt.Type switch
    {
        AgentEvents.PublishedType or AgentEvents.UpdatedType or AgentEvents.RetiredType => AgentAsync(Data<AgentEventData>(evt), ct),
        SystemEvents.TaskFinishedType => TaskAsync(evt.TenantId, Data<TaskEventData>(evt), ct),
        WorkflowEvents.RunFinished => RunAsync(evt.TenantId, Data<WorkflowRunEventData>(evt), ct),
        _ => Task.CompletedTask,
    };

    async Task AgentAsync(AgentEventData agent, CancellationToken ct)
    {
        var known = await graph.NodeAsync(NodeLabel.Agent, agent.AgentId, ct);
        var knownVersion = known?.Properties.TryGetValue("version", out var v) == true ? int.Parse(v, CultureInfo.InvariantCulture) : 0;
        if (agent.Version >= knownVersion)
            await graph.MergeNodeAsync(new GraphNode(NodeLabel.Agent, agent.AgentId, new Dictionary<string, string>
            {
                ["name"] = agent.Name,
                ["version"] = agent.Version.ToString(CultureInfo.InvariantCulture),
                ["visibility"] = Kebab(agent.Visibility),
                ["status"] = Kebab(agent.Status),
            }) { TenantId = agent.PublisherTenantId }, ct);
        await graph.MergeEdgeAsync(new GraphEdge(EdgeType.Owns, NodeLabel.Tenant, agent.PublisherTenantId, NodeLabel.Agent, agent.AgentId), ct);
    }

    async Task TaskAsync(string tenantId, TaskEventData task, CancellationToken ct)
    {
        await graph.MergeNodeAsync(new GraphNode(NodeLabel.Task, task.TaskId, new Dictionary<string, string> { [GraphProperties.TaskState] = task.State }) { TenantId = tenantId }, ct);
        await graph.MergeEdgeAsync(new GraphEdge(EdgeType.Created, NodeLabel.Tenant, tenantId, NodeLabel.Task, task.TaskId), ct);
        await graph.MergeEdgeAsync(new GraphEdge(EdgeType.Executes, NodeLabel.Agent, task.AgentId, NodeLabel.Task, task.TaskId), ct);
    }

    async Task RunAsync(string tenantId, WorkflowRunEventData run, CancellationToken ct)
    {
        await graph.MergeNodeAsync(new GraphNode(NodeLabel.Workflow, run.RunId, new Dictionary<string, string>
        {
            ["workflowId"] = run.WorkflowId,
            ["version"] = run.Version.ToString(CultureInfo.InvariantCulture),
            ["state"] = run.State,
        }) { TenantId = tenantId }, ct);
        await graph.MergeEdgeAsync(new GraphEdge(EdgeType.Created, NodeLabel.Tenant, tenantId, NodeLabel.Workflow, run.RunId), ct);

        var byPath = run.Steps.GroupBy(s => s.StepPath).ToDictionary(g => g.Key, g => g.First());
        foreach (var step in run.Steps)
        {
            if (step.TaskId is not { } taskId) continue;
            var properties = new Dictionary<string, string> { ["runId"] = run.RunId, ["stepPath"] = step.StepPath, ["stepKind"] = step.Kind, ["stepState"] = step.State };
            if (step.SkillId is { } skill) properties["skillId"] = skill;
            await graph.MergeNodeAsync(new GraphNode(NodeLabel.Task, taskId, properties) { TenantId = tenantId }, ct);
            await graph.MergeEdgeAsync(new GraphEdge(EdgeType.Created, NodeLabel.Tenant, tenantId, NodeLabel.Task, taskId), ct);
            await graph.MergeEdgeAsync(new GraphEdge(EdgeType.Contains, NodeLabel.Workflow, run.RunId, NodeLabel.Task, taskId) { Order = step.Order }, ct);
            if (step.AgentId is { } agentId)
                await graph.MergeEdgeAsync(new GraphEdge(EdgeType.Executes, NodeLabel.Agent, agentId, NodeLabel.Task, taskId), ct);
            foreach (var dependency in TaskDependencies(step, byPath))
                await graph.MergeEdgeAsync(new GraphEdge(EdgeType.DependsOn, NodeLabel.Task, taskId, NodeLabel.Task, dependency), ct);
        }

        var agents = run.Steps.Select(s => s.AgentId).OfType<string>().Distinct().ToList();
        if (agents.Count > 1) await graph.RecordCollaborationAsync(run.RunId, agents, ct);
    }

    /// <summary>
    /// The tasks a step depended on. A dependency without a task of its own (a condition, a tool call, an approval)
    /// passes on the tasks it depended on, so lineage links task to task across the steps in between.
    /// </summary>
    static HashSet<string> TaskDependencies(WorkflowStepExecution step, Dictionary<string, WorkflowStepExecution> byPath)
    {
        var tasks = new HashSet<string>(StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(step.DependsOn);
        while (pending.TryPop(out var path))
        {
            if (!visited.Add(path) || !byPath.TryGetValue(path, out var dependency)) continue;
            if (dependency.TaskId is { } taskId) tasks.Add(taskId);
            else foreach (var next in dependency.DependsOn) pending.Push(next);
        }
        return tasks;
    }

    static T Data<T>(IntegrationEvent evt) =>
        evt.Data.Deserialize<T>(Json.Lenient) ?? throw new InvalidDataException($"Event {evt.Id} has no {typeof(T).Name}.");

    static string Kebab<T>(T value) where T : struct, Enum => JsonSerializer.SerializeToElement(value, Json.Lenient).GetString()!;
}
