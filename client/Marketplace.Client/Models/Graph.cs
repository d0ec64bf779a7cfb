namespace Marketplace.Client.Models;

/// <summary>Agents that took part in workflow runs with one agent, most runs first.</summary>
public sealed record AgentCollaborators(string AgentId, IReadOnlyList<CollaboratorView> Collaborators);

public sealed record CollaboratorView(string AgentId, string Name, string PublisherTenantId, long Runs);

/// <summary>Agents offering a skill, ranked for the caller's tenant.</summary>
public sealed record RecommendationPage(string Skill, IReadOnlyList<Recommendation> Items);

public sealed record Recommendation(string AgentId, string Name, string Description, string PublisherTenantId, RecommendationRanking Ranking);

/// <summary>What placed a recommendation: closeness to the agents the tenant uses, and the agent's quality signals.</summary>
public sealed record RecommendationRanking(
    double Proximity, long YourTasks, long CollaborationRuns, double Rating, int ReviewCount, double SuccessRate, long Usage, double Quality, double Score);
