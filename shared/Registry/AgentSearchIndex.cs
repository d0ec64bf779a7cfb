using System.Text;
using System.Text.Json;
using Marketplace.Http;
using Marketplace.Search;
using Marketplace.Tenancy;
using Marketplace.Errors;

namespace Marketplace.Registry;

/// <summary>
/// In-memory search over current listings. Keyword relevance is BM25 over weighted fields (name, skills and tags,
/// description); semantic relevance is the exact cosine between the query's vector and each listing's vectors (card
/// and skills); hybrid fuses the two rankings by reciprocal rank fusion. Each agent's quality signals then order
/// nearly equal matches (<see cref="RankingFormula"/>). Every instance keeps its own copy, fed by its own writes at
/// once and by the store's change query.
/// </summary>
public sealed class AgentSearchIndex(AgentSignals signals, double minSimilarity = 0.25)
{
    const double K1 = 1.2, B = 0.75;

    // Field weights: a word in the name says more about an agent than the same word deep in its description.
    const double NameWeight = 3, SkillWeight = 2, TagWeight = 2, DescriptionWeight = 1;

    /// <summary>
    /// How many of the most similar listings the semantic ranking contributes to hybrid fusion: deeper ranks add
    /// next to nothing to a fused score (1 / (60 + rank)) and only noise to the results.
    /// </summary>
    public const int SemanticDepth = 100;

    /// <summary>A skill within this much of the hit's best skill similarity is shown as matching too.</summary>
    const double SkillSimilarityBand = 0.1;

    sealed record Entry(AgentListing Listing, Dictionary<string, double> Terms, double Length);

    sealed record Candidate(Entry Entry, double Relevance, SearchMatch? Match);

    readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);
    readonly Dictionary<string, HashSet<string>> postings = new(StringComparer.Ordinal);

    // The version at which a listing was retired: an older version read before the retirement must not revive it.
    readonly Dictionary<string, int> retired = new(StringComparer.Ordinal);
    readonly ReaderWriterLockSlim gate = new();
    double totalLength;

    public int Count
    {
        get
        {
            gate.EnterReadLock();
            try { return entries.Count; }
            finally { gate.ExitReadLock(); }
        }
    }

    /// <summary>The indexed (current, not retired) listing with this id, if this instance has seen it.</summary>
    public AgentListing? Find(string agentId)
    {
        gate.EnterReadLock();
        try { return entries.TryGetValue(agentId, out var entry) ? entry.Listing : null; }
        finally { gate.ExitReadLock(); }
    }

    /// <summary>Indexed listings whose vectors are missing or not current: what the background backfill embeds.</summary>
    public IReadOnlyList<AgentListing> Unembedded(Func<AgentListing, bool> isCurrent, int max)
    {
        gate.EnterReadLock();
        try { return entries.Values.Select(e => e.Listing).Where(l => !isCurrent(l)).Take(max).ToList(); }
        finally { gate.ExitReadLock(); }
    }

    /// <summary>Adds or replaces a listing; an older version than the one indexed is ignored, a retired one removed.</summary>
    public void Upsert(AgentListing listing)
    {
        gate.EnterWriteLock();
        try
        {
            if (retired.TryGetValue(listing.AgentId, out var retiredAt) && retiredAt >= listing.Version) return;
            if (entries.TryGetValue(listing.AgentId, out var existing))
            {
                if (existing.Listing.Version > listing.Version) return;
                // The same version read back from the store may lack the vectors this instance already has.
                if (existing.Listing.Version == listing.Version && listing.Embedding is null && existing.Listing.Embedding is not null)
                    listing = listing with { Embedding = existing.Listing.Embedding };
                Remove(existing);
            }
            if (listing.Status == ListingStatus.Retired)
            {
                retired[listing.AgentId] = listing.Version;
                return;
            }
            var terms = Terms(listing);
            var entry = new Entry(listing, terms, terms.Values.Sum());
            entries[listing.AgentId] = entry;
            totalLength += entry.Length;
            foreach (var term in terms.Keys)
            {
                if (!postings.TryGetValue(term, out var ids)) postings[term] = ids = new HashSet<string>(StringComparer.Ordinal);
                ids.Add(listing.AgentId);
            }
        }
        finally { gate.ExitWriteLock(); }
    }

    /// <summary>
    /// Ranked listings for the query. <paramref name="queryVector"/> is the embedding of <c>q</c> (same model as the
    /// listings' vectors); without it semantic and hybrid searches rank by keywords alone.
    /// </summary>
    public AgentSearchPage Search(AgentSearchQuery query, Caller caller, float[]? queryVector = null)
    {
        var after = query.Cursor is null ? null : SearchCursor.Parse(query.Cursor);
        var terms = SearchText.Tokens(query.Q).Distinct().ToList();
        if (query.Mode == SearchMode.Hybrid) terms = SearchText.SignificantTerms(terms);
        var useVectors = terms.Count > 0 && query.Mode != SearchMode.Keyword && queryVector is not null;
        var useKeywords = terms.Count > 0 && (query.Mode != SearchMode.Semantic || !useVectors);
        var boost = query.Mode == SearchMode.Keyword || !useVectors ? RankingFormula.QualityBoost : RankingFormula.FusedQualityBoost;
        // Keep only the best limit+1 hits after the cursor: a bounded heap whose top is the worst hit kept.
        var best = new PriorityQueue<(Candidate Candidate, SearchRanking Ranking), (Candidate Candidate, SearchRanking Ranking)>(query.Limit + 2, WorstFirst);
        gate.EnterReadLock();
        try
        {
            foreach (var candidate in Candidates(query, caller, terms, useKeywords, useVectors ? queryVector : null))
            {
                var ranking = RankingFormula.Rank(candidate.Relevance, terms.Count > 0, signals.For(candidate.Entry.Listing.AgentId), boost);
                if (after is not null && !after.IsBefore(ranking.Score, candidate.Entry.Listing)) continue;
                var hit = (candidate, ranking);
                if (best.Count <= query.Limit) best.Enqueue(hit, hit);
                else if (WorstFirst.Compare(hit, best.Peek()) > 0) best.EnqueueDequeue(hit, hit);
            }
        }
        finally { gate.ExitReadLock(); }

        var ordered = new List<AgentSearchHit>(best.Count);
        while (best.TryDequeue(out var kept, out _))
        {
            var listing = kept.Candidate.Entry.Listing;
            ordered.Add(Hit(listing, kept.Ranking) with
            {
                Match = kept.Candidate.Match,
                MatchedSkills = kept.Candidate.Match is null ? null : SkillMatches(listing, useKeywords ? terms : [], useVectors ? queryVector : null),
            });
        }
        ordered.Reverse();
        var page = ordered.Take(query.Limit).ToList();
        var next = ordered.Count > query.Limit ? SearchCursor.Create(page[^1]) : null;
        return new AgentSearchPage(page, next);
    }

    /// <summary>The visible listings that pass the filters and match the query, with their text relevance.</summary>
    List<Candidate> Candidates(AgentSearchQuery query, Caller caller, List<string> terms, bool useKeywords, float[]? queryVector)
    {
        bool Eligible(Entry e) => Visible(e.Listing, caller) && Matches(e.Listing, query);
        if (terms.Count == 0) return entries.Values.Where(Eligible).Select(e => new Candidate(e, 0, null)).ToList();

        var keyword = new List<(Entry Entry, double Score)>();
        if (useKeywords)
        {
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var term in terms)
                if (postings.TryGetValue(term, out var posting)) ids.UnionWith(posting);
            var averageLength = entries.Count == 0 ? 1 : totalLength / entries.Count;
            foreach (var id in ids)
            {
                var entry = entries[id];
                if (Eligible(entry)) keyword.Add((entry, Relevance(entry, terms, averageLength)));
            }
            keyword.Sort(BestFirst);
        }

        var semantic = new List<(Entry Entry, double Score)>();
        if (queryVector is not null)
        {
            foreach (var entry in entries.Values)
            {
                if (Similarity(entry.Listing, queryVector) is { } similarity && similarity >= minSimilarity && Eligible(entry))
                    semantic.Add((entry, similarity));
            }
            semantic.Sort(BestFirst);
        }

        var keywordRank = Ranks(keyword);
        var semanticRank = Ranks(semantic);
        var similarities = semantic.ToDictionary(s => s.Entry.Listing.AgentId, s => s.Score, StringComparer.Ordinal);
        SearchMatch Why(Entry e) => new(
            terms.Where(e.Terms.ContainsKey).ToList(),
            similarities.TryGetValue(e.Listing.AgentId, out var sim) ? sim : null,
            keywordRank.TryGetValue(e.Listing.AgentId, out var k) ? k : null,
            semanticRank.TryGetValue(e.Listing.AgentId, out var s) ? s : null);

        if (queryVector is null) return keyword.Select(k => new Candidate(k.Entry, k.Score, Why(k.Entry))).ToList();
        if (!useKeywords) return semantic.Select(s => new Candidate(s.Entry, s.Score, Why(s.Entry))).ToList();

        var fused = ReciprocalRankFusion.Fuse(keywordRank, semanticRank.Where(r => r.Value <= SemanticDepth).ToDictionary());
        return fused.Select(f => new Candidate(entries[f.Key], Math.Round(f.Value, 6), Why(entries[f.Key]))).ToList();
    }

    static readonly Comparison<(Entry Entry, double Score)> BestFirst = (a, b) =>
    {
        var byScore = b.Score.CompareTo(a.Score);
        return byScore != 0 ? byScore : string.CompareOrdinal(a.Entry.Listing.AgentId, b.Entry.Listing.AgentId);
    };

    /// <summary>Ranks from 1, equal scores sharing a rank, so identical listings fuse to identical scores.</summary>
    static Dictionary<string, int> Ranks(List<(Entry Entry, double Score)> ranked)
    {
        var ranks = new Dictionary<string, int>(ranked.Count, StringComparer.Ordinal);
        for (var i = 0; i < ranked.Count; i++)
            ranks[ranked[i].Entry.Listing.AgentId] = i > 0 && ranked[i].Score == ranked[i - 1].Score ? ranks[ranked[i - 1].Entry.Listing.AgentId] : i + 1;
        return ranks;
    }

    /// <summary>The best cosine over the listing's vectors (card and skills); null without vectors of the query's size.</summary>
    static double? Similarity(AgentListing listing, float[] queryVector)
    {
        if (listing.Embedding is not { } e || e.Card.Length != queryVector.Length) return null;
        var best = Vectors.Dot(e.Card, queryVector);
        foreach (var skill in e.Skills) best = Math.Max(best, Vectors.Dot(skill, queryVector));
        return Math.Round(best, 6);
    }

    /// <summary>Skills that contain the query's words, or whose similarity is near the best skill's.</summary>
    IReadOnlyList<SkillMatch> SkillMatches(AgentListing listing, List<string> terms, float[]? queryVector)
    {
        var skills = listing.Card.Skills;
        var vectors = listing.Embedding is { } e && queryVector is not null && e.Card.Length == queryVector.Length ? e.Skills : [];
        var similarities = skills.Select((_, i) => i < vectors.Count ? Math.Round(Vectors.Dot(vectors[i], queryVector), 6) : (double?)null).ToList();
        var bestSimilarity = similarities.Max() ?? double.MinValue;
        var matches = new List<SkillMatch>();
        for (var i = 0; i < skills.Count; i++)
        {
            var s = skills[i];
            var words = SearchText.Tokens($"{s.Id} {s.Name} {s.Description} {string.Join(' ', s.Tags)} {string.Join(' ', s.Examples ?? [])}").ToHashSet();
            var matched = terms.Where(words.Contains).ToList();
            var similar = similarities[i] is { } sim && sim >= minSimilarity && sim >= bestSimilarity - SkillSimilarityBand;
            if (matched.Count > 0 || similar) matches.Add(new SkillMatch(s.Id, s.Name, matched, similarities[i]));
        }
        return matches.OrderByDescending(m => m.Terms.Count).ThenByDescending(m => m.Similarity ?? double.MinValue).ToList();
    }

    /// <summary>
    /// The active listings the caller may use that offer the skill (by id or name): the candidates for
    /// recommendations.
    /// </summary>
    public IReadOnlyList<AgentListing> WithSkill(string skill, Caller caller)
    {
        gate.EnterReadLock();
        try
        {
            return entries.Values.Select(e => e.Listing)
                .Where(l => l.Status == ListingStatus.Active && Visible(l, caller) && l.Card.Skills.Any(s => Eq(s.Id, skill) || Eq(s.Name, skill)))
                .ToList();
        }
        finally { gate.ExitReadLock(); }
    }

    /// <summary>The active listings the caller may see whose card has this name (case-insensitive): how a model names an agent.</summary>
    public IReadOnlyList<AgentListing> Named(string name, Caller caller)
    {
        gate.EnterReadLock();
        try
        {
            return entries.Values.Select(e => e.Listing)
                .Where(l => l.Status == ListingStatus.Active && Visible(l, caller) && Eq(l.Card.Name, name))
                .ToList();
        }
        finally { gate.ExitReadLock(); }
    }

    /// <summary>Orders hits from worst to best: lower score, then older, then later id.</summary>
    static readonly Comparer<(Candidate Candidate, SearchRanking Ranking)> WorstFirst = Comparer<(Candidate Candidate, SearchRanking Ranking)>.Create((a, b) =>
    {
        var byScore = a.Ranking.Score.CompareTo(b.Ranking.Score);
        if (byScore != 0) return byScore;
        var (la, lb) = (a.Candidate.Entry.Listing, b.Candidate.Entry.Listing);
        var byTime = la.UpdatedAt.UtcTicks.CompareTo(lb.UpdatedAt.UtcTicks);
        return byTime != 0 ? byTime : string.CompareOrdinal(lb.AgentId, la.AgentId);
    });

    static bool Visible(AgentListing listing, Caller caller) =>
        caller.IsAdmin || listing.PublisherTenantId == caller.TenantId || (listing.Visibility == Visibility.Public && listing.Status == ListingStatus.Active);

    static bool Matches(AgentListing l, AgentSearchQuery q)
    {
        var card = l.Card;
        return (q.Publisher is null || l.PublisherTenantId == q.Publisher)
            && (q.Visibility is null || l.Visibility == q.Visibility)
            && (q.Verified is null || l.Verified == q.Verified)
            && (q.Skill is null || card.Skills.Any(s => Eq(s.Id, q.Skill) || Eq(s.Name, q.Skill)))
            && (q.Tag is null || card.Skills.Any(s => s.Tags.Any(t => Eq(t, q.Tag))))
            && (q.InputMode is null || card.DefaultInputModes.Any(m => Eq(m, q.InputMode)) || card.Skills.Any(s => s.InputModes?.Any(m => Eq(m, q.InputMode)) == true))
            && (q.OutputMode is null || card.DefaultOutputModes.Any(m => Eq(m, q.OutputMode)) || card.Skills.Any(s => s.OutputModes?.Any(m => Eq(m, q.OutputMode)) == true));
    }

    static bool Eq(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    double Relevance(Entry entry, List<string> terms, double averageLength)
    {
        double score = 0;
        foreach (var term in terms)
        {
            if (!entry.Terms.TryGetValue(term, out var tf)) continue;
            var df = postings[term].Count;
            var idf = Math.Log(1 + (entries.Count - df + 0.5) / (df + 0.5));
            score += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * entry.Length / averageLength));
        }
        return Math.Round(score, 6);
    }

    void Remove(Entry entry)
    {
        entries.Remove(entry.Listing.AgentId);
        totalLength -= entry.Length;
        foreach (var term in entry.Terms.Keys)
        {
            if (postings.TryGetValue(term, out var ids) && ids.Remove(entry.Listing.AgentId) && ids.Count == 0) postings.Remove(term);
        }
    }

    static Dictionary<string, double> Terms(AgentListing listing)
    {
        var terms = new Dictionary<string, double>(StringComparer.Ordinal);
        void Add(string? text, double weight)
        {
            foreach (var token in SearchText.Tokens(text)) terms[token] = terms.GetValueOrDefault(token) + weight;
        }
        Add(listing.Card.Name, NameWeight);
        Add(listing.Card.Description, DescriptionWeight);
        foreach (var skill in listing.Card.Skills)
        {
            Add(skill.Name, SkillWeight);
            Add(skill.Id, SkillWeight);
            Add(skill.Description, DescriptionWeight);
            foreach (var tag in skill.Tags) Add(tag, TagWeight);
        }
        return terms;
    }

    static AgentSearchHit Hit(AgentListing l, SearchRanking ranking) => new(
        l.AgentId, l.Card.Name, l.Card.Description, l.PublisherTenantId, l.Visibility, l.Status, l.Version, l.UpdatedAt,
        l.Card.Skills.Select(s => new SkillSummary(s.Id, s.Name, s.Tags)).ToList(), ranking.Score, ranking) { Signer = l.Signer, ProtocolVersion = l.ProtocolVersion };

    /// <summary>Opaque position in a ranked result: the sort key of the last item returned.</summary>
    sealed record SearchCursor(double S, long U, string I)
    {
        public bool IsBefore(double score, AgentListing l) =>
            score < S || (score == S && (l.UpdatedAt.UtcTicks < U || (l.UpdatedAt.UtcTicks == U && string.CompareOrdinal(l.AgentId, I) > 0)));

        public static string Create(AgentSearchHit last) =>
            Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new SearchCursor(last.Score, last.UpdatedAt.UtcTicks, last.AgentId)))
                .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static SearchCursor Parse(string cursor)
        {
            try
            {
                var b64 = cursor.Replace('-', '+').Replace('_', '/');
                b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
                return JsonSerializer.Deserialize<SearchCursor>(Encoding.UTF8.GetString(Convert.FromBase64String(b64)))
                    ?? throw new FormatException();
            }
            catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
            {
                throw new DomainException(DomainError.Invalid([new FieldError("cursor", "Not a cursor this API returned.")]));
            }
        }
    }
}
