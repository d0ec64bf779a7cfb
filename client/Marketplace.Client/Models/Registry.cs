using System.Text.Json;

namespace Marketplace.Client.Models;

// Enumerations travel as the API's kebab-case strings, so a client built today still reads values added later.

/// <summary>A listing: the agent's A2A card plus what the marketplace knows about it.</summary>
public sealed record AgentListing(
    string AgentId, string PublisherTenantId, string Visibility, string Status, int Version,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, JsonElement Card)
{
    public string? CardUrl { get; init; }
    public Pricing? Pricing { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public string Name => Card.ValueKind == JsonValueKind.Object && Card.TryGetProperty("name", out var name) ? name.GetString() ?? AgentId : AgentId;
}

/// <summary>What a task or tool call costs, in micro-credits.</summary>
public sealed record Pricing(long PerCall = 0, long PerUnit = 0, string? Unit = null, long MaxUnits = 0);

public sealed record SkillSummary(string Id, string Name, IReadOnlyList<string> Tags);

public sealed record AgentSearchHit(
    string AgentId, string Name, string Description, string PublisherTenantId, string Visibility, string Status,
    int Version, DateTimeOffset UpdatedAt, IReadOnlyList<SkillSummary> Skills, double Score)
{
    /// <summary>The signals behind <see cref="Score"/>: rating, review count, success rate, usage.</summary>
    public SearchRanking? Ranking { get; init; }

    /// <summary>Why it matched the words of the search: terms found, similarity, places in the fused rankings.</summary>
    public SearchMatch? Match { get; init; }

    /// <summary>The skills that matched, best first.</summary>
    public IReadOnlyList<SkillMatch>? MatchedSkills { get; init; }
}

public sealed record SearchMatch(IReadOnlyList<string> Terms, double? Similarity, int? KeywordRank, int? SemanticRank);

public sealed record SkillMatch(string Id, string Name, IReadOnlyList<string> Terms, double? Similarity);

/// <summary>How a search result was ranked (docs/discovery.md); rating is 0–5, success rate 0–1.</summary>
public sealed record SearchRanking(double Relevance, double Rating, int ReviewCount, double SuccessRate, long Usage, double Quality, double Score);

public sealed record AgentSearchPage(IReadOnlyList<AgentSearchHit> Items, string? NextCursor);

public sealed record AgentVersionList(string AgentId, IReadOnlyList<AgentListing> Versions);

/// <summary>Body of a publish: a card inline or the URL to fetch it from.</summary>
public sealed record PublishAgentRequest
{
    public JsonElement? Card { get; init; }
    public string? CardUrl { get; init; }
    public string? Visibility { get; init; }
    public Pricing? Pricing { get; init; }
}

/// <summary>Body of an update: a new card and/or new marketplace fields (sent with the listing's ETag).</summary>
public sealed record UpdateAgentRequest
{
    public JsonElement? Card { get; init; }
    public string? CardUrl { get; init; }
    public string? Visibility { get; init; }
    public Pricing? Pricing { get; init; }
}

/// <summary>Search filters; all optional.</summary>
public sealed record AgentSearchQuery(string? Q = null, string? Skill = null, string? Tag = null, int? Limit = null, string? Cursor = null)
{
    /// <summary><c>hybrid</c> (the server's default), <c>keyword</c> or <c>semantic</c>.</summary>
    public string? Mode { get; init; }

    /// <summary>Only listings whose card signature was verified at publish (true), or only unsigned ones (false).</summary>
    public bool? Verified { get; init; }
}

/// <summary>A listing with the entity tag an update or retirement must send back.</summary>
public sealed record Tagged<T>(T Value, string? ETag);
