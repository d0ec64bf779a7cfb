namespace Marketplace.Registry;

/// <summary>A registry search; every filter is optional and they combine with AND.</summary>
public sealed record AgentSearchQuery(
    string? Q, string? Skill, string? Tag, string? InputMode, string? OutputMode, string? Publisher, Visibility? Visibility,
    int Limit, string? Cursor);

public sealed record SkillSummary(string Id, string Name, IReadOnlyList<string> Tags);

/// <summary>A search result; <see cref="Score"/> is <see cref="Ranking"/>'s score, which shows every signal behind it.</summary>
public sealed record AgentSearchHit(
    string AgentId, string Name, string Description, string PublisherTenantId, Visibility Visibility, ListingStatus Status,
    int Version, DateTimeOffset UpdatedAt, IReadOnlyList<SkillSummary> Skills, double Score, SearchRanking Ranking);

public sealed record AgentSearchPage(IReadOnlyList<AgentSearchHit> Items, string? NextCursor);
