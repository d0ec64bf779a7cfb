namespace Marketplace.Graph;

/// <summary>What <c>GET /api/agents/{agentId}/collaborators</c> answers.</summary>
public sealed record AgentCollaborators(string AgentId, IReadOnlyList<CollaboratorView> Collaborators);

/// <summary>An agent that took part in workflow runs with another, and in how many.</summary>
public sealed record CollaboratorView(string AgentId, string Name, string PublisherTenantId, long Runs);

/// <summary>What <c>GET /api/graph/runs/{runId}/lineage</c> answers: the run's tasks in the order they ran.</summary>
public sealed record RunLineageView(string RunId, string WorkflowId, string State, IReadOnlyList<LineageStepView> Steps)
{
    public int? Version { get; init; }
}

/// <summary>One task of a run: where it came, which step it was, the agent that ran it, the tasks it depended on.</summary>
public sealed record LineageStepView(int Order, string TaskId, IReadOnlyList<string> DependsOn)
{
    public string? StepPath { get; init; }
    public string? AgentId { get; init; }
    public string? SkillId { get; init; }
    public string? State { get; init; }
}

/// <summary>What <c>GET /api/recommendations</c> answers.</summary>
public sealed record RecommendationPage(string Skill, IReadOnlyList<Recommendation> Items);

/// <summary>An agent offering the skill, with every signal that placed it.</summary>
public sealed record Recommendation(string AgentId, string Name, string Description, string PublisherTenantId, RecommendationRanking Ranking);

/// <summary>
/// Proximity (1 for an agent that ran your tasks, up to 0.5 for one that worked in runs with those agents, else 0)
/// and the agent's quality signals, combined into the score.
/// </summary>
public sealed record RecommendationRanking(
    double Proximity, long YourTasks, long CollaborationRuns, double Rating, int ReviewCount, double SuccessRate, long Usage, double Quality, double Score);
