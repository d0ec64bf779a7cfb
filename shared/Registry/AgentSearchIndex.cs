using System.Text;
using System.Text.Json;
using Marketplace.Http;
using Marketplace.Tenancy;

namespace Marketplace.Registry;

/// <summary>
/// In-memory inverted index over current listings. Text relevance is BM25 over weighted fields (name, skills and
/// tags, description), combined with each agent's quality signals (<see cref="RankingFormula"/>). Every instance keeps
/// its own copy, fed by its own writes at once and by the store's change query.
/// </summary>
public sealed class AgentSearchIndex(AgentSignals signals)
{
    const double K1 = 1.2, B = 0.75;

    // Field weights: a word in the name says more about an agent than the same word deep in its description.
    const double NameWeight = 3, SkillWeight = 2, TagWeight = 2, DescriptionWeight = 1;

    sealed record Entry(AgentListing Listing, Dictionary<string, double> Terms, double Length);

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

    public AgentSearchPage Search(AgentSearchQuery query, Caller caller)
    {
        var after = query.Cursor is null ? null : SearchCursor.Parse(query.Cursor);
        var terms = SearchText.Tokens(query.Q).Distinct().ToList();
        // Keep only the best limit+1 hits after the cursor: a bounded heap whose top is the worst hit kept.
        var best = new PriorityQueue<(Entry Entry, SearchRanking Ranking), (Entry Entry, SearchRanking Ranking)>(query.Limit + 2, WorstFirst);
        gate.EnterReadLock();
        try
        {
            IEnumerable<Entry> candidates = entries.Values;
            if (terms.Count > 0)
            {
                var ids = new HashSet<string>(StringComparer.Ordinal);
                foreach (var term in terms)
                    if (postings.TryGetValue(term, out var posting)) ids.UnionWith(posting);
                candidates = ids.Select(id => entries[id]);
            }
            var averageLength = entries.Count == 0 ? 1 : totalLength / entries.Count;
            foreach (var entry in candidates)
            {
                if (!Visible(entry.Listing, caller) || !Matches(entry.Listing, query)) continue;
                var ranking = RankingFormula.Rank(Relevance(entry, terms, averageLength), terms.Count > 0, signals.For(entry.Listing.AgentId));
                if (after is not null && !after.IsBefore(ranking.Score, entry.Listing)) continue;
                var hit = (entry, ranking);
                if (best.Count <= query.Limit) best.Enqueue(hit, hit);
                else if (WorstFirst.Compare(hit, best.Peek()) > 0) best.EnqueueDequeue(hit, hit);
            }
        }
        finally { gate.ExitReadLock(); }

        var ordered = new List<AgentSearchHit>(best.Count);
        while (best.TryDequeue(out var kept, out _)) ordered.Add(Hit(kept.Entry.Listing, kept.Ranking));
        ordered.Reverse();
        var page = ordered.Take(query.Limit).ToList();
        var next = ordered.Count > query.Limit ? SearchCursor.Create(page[^1]) : null;
        return new AgentSearchPage(page, next);
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

    /// <summary>Orders hits from worst to best: lower score, then older, then later id.</summary>
    static readonly Comparer<(Entry Entry, SearchRanking Ranking)> WorstFirst = Comparer<(Entry Entry, SearchRanking Ranking)>.Create((a, b) =>
    {
        var byScore = a.Ranking.Score.CompareTo(b.Ranking.Score);
        if (byScore != 0) return byScore;
        var byTime = a.Entry.Listing.UpdatedAt.UtcTicks.CompareTo(b.Entry.Listing.UpdatedAt.UtcTicks);
        return byTime != 0 ? byTime : string.CompareOrdinal(b.Entry.Listing.AgentId, a.Entry.Listing.AgentId);
    });

    static bool Visible(AgentListing listing, Caller caller) =>
        caller.IsAdmin || listing.PublisherTenantId == caller.TenantId || (listing.Visibility == Visibility.Public && listing.Status == ListingStatus.Active);

    static bool Matches(AgentListing l, AgentSearchQuery q)
    {
        var card = l.Card;
        return (q.Publisher is null || l.PublisherTenantId == q.Publisher)
            && (q.Visibility is null || l.Visibility == q.Visibility)
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
        l.Card.Skills.Select(s => new SkillSummary(s.Id, s.Name, s.Tags)).ToList(), ranking.Score, ranking);

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
                throw new ApiProblemException(Problems.Validation([new FieldError("cursor", "Not a cursor this API returned.")]), "bad cursor");
            }
        }
    }
}
