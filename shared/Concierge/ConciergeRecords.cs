namespace Marketplace.Concierge;

/// <summary>The data part of a <c>find-agent</c> answer: the ranked agents and why each matched.</summary>
public sealed record ConciergeFindings(string Query, IReadOnlyList<ConciergeAgent> Agents);

public sealed record ConciergeAgent(string AgentId, string Name, string Description, double Score, ConciergeWhy Why, string JsonRpcEndpoint);

/// <summary>Why an agent matched: the query's words it holds, its similarity in meaning, and its matching skills.</summary>
public sealed record ConciergeWhy(IReadOnlyList<string> Terms, double? Similarity, IReadOnlyList<string> Skills);

/// <summary>The data part of a <c>delegate</c> answer: which agent ran, and its task when it made one.</summary>
public sealed record ConciergeDelegation(string AgentId, string Name, string? SkillId, string? TaskId, string? State);
