namespace Marketplace.Registry;

/// <summary>How <c>q</c> is matched: by its words (BM25), by meaning (embeddings), or both fused.</summary>
public enum SearchMode
{
    Hybrid,
    Keyword,
    Semantic,
}

/// <summary>A registry search; every filter is optional and they combine with AND.</summary>
public sealed record AgentSearchQuery(
    string? Q, string? Skill, string? Tag, string? InputMode, string? OutputMode, string? Publisher, Visibility? Visibility,
    int Limit, string? Cursor)
{
    public SearchMode Mode { get; init; } = SearchMode.Hybrid;

    /// <summary>Only listings whose card signature was verified at publish (true), or only unsigned ones (false).</summary>
    public bool? Verified { get; init; }
}

public sealed record SkillSummary(string Id, string Name, IReadOnlyList<string> Tags);

/// <summary>
/// Why a listing matched the words of <c>q</c>: the query's words it contains, its cosine similarity to the query
/// (its best vector: card or skill), and its places in the keyword and semantic rankings that were fused.
/// </summary>
public sealed record SearchMatch(IReadOnlyList<string> Terms, double? Similarity, int? KeywordRank, int? SemanticRank);

/// <summary>A skill of the hit that matched: the query's words it contains and/or its similarity to the query.</summary>
public sealed record SkillMatch(string Id, string Name, IReadOnlyList<string> Terms, double? Similarity);

/// <summary>A search result; <see cref="Score"/> is <see cref="Ranking"/>'s score, which shows every signal behind it.</summary>
public sealed record AgentSearchHit(
    string AgentId, string Name, string Description, string PublisherTenantId, Visibility Visibility, ListingStatus Status,
    int Version, DateTimeOffset UpdatedAt, IReadOnlyList<SkillSummary> Skills, double Score, SearchRanking Ranking)
{
    /// <summary>Present when the search had words.</summary>
    public SearchMatch? Match { get; init; }

    /// <summary>The skills that matched, best first; empty when only the card as a whole matched.</summary>
    public IReadOnlyList<SkillMatch>? MatchedSkills { get; init; }

    /// <summary>The card's signature was verified at publish; <see cref="Signer"/> says by which key.</summary>
    public bool Verified => Signer is not null;

    public Signing.CardSigner? Signer { get; init; }

    /// <summary>The A2A version of the card as published; the gateway serves every listing in 1.0 and 0.3 alike.</summary>
    public string ProtocolVersion { get; init; } = "1.0";
}

public sealed record AgentSearchPage(IReadOnlyList<AgentSearchHit> Items, string? NextCursor);
