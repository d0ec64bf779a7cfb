using Marketplace.Mcp;
using Marketplace.Registry;
using Marketplace.Tenancy;
using Marketplace.Workflows;
using Microsoft.Extensions.Options;

namespace Marketplace.Search;

/// <summary>
/// One ranked list over the agents the caller may see and its own tenant's tools, federated MCP servers and
/// workflows. Agents come from the search index (hybrid); the tenant's other items, few by nature, are scored per
/// request. Everything then fuses by reciprocal rank over two global rankings: by words (the share of the query's
/// words an item holds, then its BM25 within its kind) and by meaning (cosine to the query, one model for all).
/// </summary>
public sealed class UnifiedSearch(
    AgentSearchIndex agents, ListingEmbedder embedder, IToolStore tools, IMcpServerStore servers, WorkflowStore workflows,
    IOptions<EmbeddingOptions> options)
{
    /// <summary>Agents taken from the index before fusion: beyond that they would not reach a page anyway.</summary>
    public const int AgentDepth = 100;

    const double K1 = 1.2, B = 0.75;

    // Items other than agents have no reviews or tasks of their own: they rank as a new agent without history would.
    static readonly double NeutralQuality = RankingFormula.Quality(3.5, 0, 0, 0).Quality;

    sealed record Doc(string Type, string Id, string Name, string Description, string Text);

    sealed record Scored(SearchResultItem Item, double Coverage, double WithinType, double? Similarity, double Quality);

    public async Task<UnifiedSearchPage> SearchAsync(Caller caller, string q, IReadOnlySet<string> types, int limit, CancellationToken ct)
    {
        var terms = SearchText.Tokens(q).Distinct().ToList();
        var vector = await embedder.EmbedQueryAsync(q, ct);
        var scored = new List<Scored>();

        if (types.Contains(SearchItemTypes.Agent))
        {
            var page = agents.Search(new AgentSearchQuery(q, null, null, null, null, null, null, AgentDepth, null), caller, vector);
            foreach (var hit in page.Items)
            {
                // A query with no words ("!!!!", "🙂") makes the index browse, not match: such hits matched nothing.
                if (hit.Match is not { } match) continue;
                var item = new SearchResultItem(SearchItemTypes.Agent, hit.AgentId, hit.Name, hit.Description, 0, match)
                {
                    MatchedSkills = hit.MatchedSkills,
                    Ranking = hit.Ranking,
                };
                // Within agents, the index's own order (keyword rank first) breaks ties of coverage.
                scored.Add(new Scored(item, Coverage(match.Terms.Count, terms.Count), -(match.KeywordRank ?? int.MaxValue), match.Similarity, hit.Ranking.Quality));
            }
        }
        if (caller.TenantId is { } tenant)
            scored.AddRange(await ScoreTenantItemsAsync(caller, tenant, types, terms, vector, ct));

        var minSimilarity = options.Value.MinSimilarity;
        var matched = scored.Where(s => s.Coverage > 0 || s.Similarity >= minSimilarity).ToList();
        var byWords = Ranks(matched.Where(s => s.Coverage > 0).OrderByDescending(s => s.Coverage).ThenByDescending(s => s.WithinType).ToList(),
            s => (s.Coverage, s.WithinType));
        var byMeaning = Ranks(matched.Where(s => s.Similarity >= minSimilarity).OrderByDescending(s => s.Similarity).Take(AgentSearchIndex.SemanticDepth).ToList(),
            s => (s.Similarity ?? 0, 0));
        var fused = ReciprocalRankFusion.Fuse(byWords, byMeaning);

        var items = matched
            .Select(s => s.Item with { Score = Math.Round(fused.GetValueOrDefault(Key(s)) * (1 + RankingFormula.FusedQualityBoost * s.Quality), 6) })
            .OrderByDescending(i => i.Score).ThenBy(i => i.Type, StringComparer.Ordinal).ThenBy(i => i.Id, StringComparer.Ordinal)
            .Take(limit).ToList();
        var facets = SearchItemTypes.All.Where(types.Contains).Select(t => new SearchFacet(t, matched.Count(s => s.Item.Type == t))).ToList();
        return new UnifiedSearchPage(items, facets);
    }

    async Task<List<Scored>> ScoreTenantItemsAsync(Caller caller, string tenant, IReadOnlySet<string> types, List<string> terms, float[]? vector, CancellationToken ct)
    {
        var docs = new List<Doc>();
        var registered = types.Contains(SearchItemTypes.Tool) || types.Contains(SearchItemTypes.McpServer) ? await tools.ListAsync(tenant, ct) : [];
        if (types.Contains(SearchItemTypes.Tool))
        {
            // As tools/list shows them: a grant that leaves the caller out hides the tool.
            foreach (var t in registered.Where(t => t.VisibleTo(caller)))
                docs.Add(new Doc(SearchItemTypes.Tool, t.Name, t.Name, t.Description, $"{t.Name.Replace('.', ' ').Replace('_', ' ')}. {t.Description}"));
        }
        if (types.Contains(SearchItemTypes.McpServer))
        {
            foreach (var s in (await servers.ListAsync(tenant, ct)).Where(s => s.Grant is null || s.Grant.Allows(caller)))
            {
                var serverTools = registered.Where(t => t.Upstream?.Server == s.Prefix).Select(t => t.Upstream!.ToolName).ToList();
                var description = serverTools.Count == 0 ? $"MCP server {s.Prefix}" : $"MCP server {s.Prefix} with tools {string.Join(", ", serverTools)}";
                docs.Add(new Doc(SearchItemTypes.McpServer, s.Prefix, s.Prefix, description, description.Replace('_', ' ')));
            }
        }
        if (types.Contains(SearchItemTypes.Workflow))
        {
            foreach (var w in (await workflows.ListAsync(tenant, ct)).Where(w => w.Status == WorkflowStatus.Active))
                docs.Add(new Doc(SearchItemTypes.Workflow, w.WorkflowId, w.Name, w.Description ?? "", $"{w.Name}. {w.Description}"));
        }
        if (docs.Count == 0) return [];

        var vectors = vector is null ? null : await embedder.EmbedTextsAsync(docs.Select(d => d.Text).ToList(), ct);
        var scored = new List<Scored>(docs.Count);
        foreach (var group in docs.Select((d, i) => (Doc: d, Index: i)).GroupBy(d => d.Doc.Type))
        {
            var bm25 = Bm25(group.Select(g => g.Doc.Text).ToList(), terms);
            foreach (var ((doc, index), i) in group.Select((g, i) => (g, i)))
            {
                var words = SearchText.Tokens(doc.Text).ToHashSet();
                var found = terms.Where(words.Contains).ToList();
                var similarity = vectors is null || vectors[index].Length != vector!.Length ? (double?)null : Math.Round(Vectors.Dot(vectors[index], vector), 6);
                var item = new SearchResultItem(doc.Type, doc.Id, doc.Name, doc.Description, 0, new SearchMatch(found, similarity, null, null));
                scored.Add(new Scored(item, Coverage(found.Count, terms.Count), bm25[i], similarity, NeutralQuality));
            }
        }
        return scored;
    }

    static double Coverage(int found, int terms) => terms == 0 ? 0 : Math.Round((double)found / terms, 6);

    static string Key(Scored s) => $"{s.Item.Type}\n{s.Item.Id}";

    /// <summary>Ranks from 1 by the order given, items with equal keys sharing a rank.</summary>
    static Dictionary<string, int> Ranks<T>(List<Scored> ordered, Func<Scored, T> key)
    {
        var ranks = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < ordered.Count; i++)
            ranks[Key(ordered[i])] = i > 0 && EqualityComparer<T>.Default.Equals(key(ordered[i]), key(ordered[i - 1])) ? ranks[Key(ordered[i - 1])] : i + 1;
        return ranks;
    }

    /// <summary>BM25 of each text for the terms, with the texts themselves as the corpus.</summary>
    static double[] Bm25(List<string> texts, List<string> terms)
    {
        var bags = texts.Select(t => SearchText.Tokens(t).GroupBy(w => w).ToDictionary(g => g.Key, g => (double)g.Count())).ToList();
        var average = Math.Max(1, bags.Average(b => b.Values.Sum()));
        return bags.Select(bag => terms.Sum(term =>
        {
            if (!bag.TryGetValue(term, out var tf)) return 0;
            var df = bags.Count(b => b.ContainsKey(term));
            var idf = Math.Log(1 + (bags.Count - df + 0.5) / (df + 0.5));
            return idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * bag.Values.Sum() / average));
        })).ToArray();
    }
}
