using Marketplace.Serialization;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Http;
using Marketplace.Registry;
using Marketplace.Reviews;
using Marketplace.Search;
using Marketplace.Tenancy;
using Microsoft.Extensions.Options;

namespace Marketplace.Bench;

/// <summary>
/// Search quality and latency in process: the judged queries of bench/relevance over its generated catalogue, ranked
/// by keyword, semantic and hybrid search (nDCG@10, recall@10, overall and per kind of query), then hybrid latency
/// with the catalogue copied up to N listings.
/// </summary>
public static class RelevanceBench
{
    const int K = 10;

    sealed record CatalogueAgent(string Id, string Family, CatalogueCard Card);

    sealed record CatalogueCard(string Name, string Description, IReadOnlyList<CatalogueSkill> Skills);

    sealed record CatalogueSkill(string Id, string Name, string Description, IReadOnlyList<string> Tags);

    sealed record JudgedQuery(string Query, string Kind, string Family, IReadOnlyList<string> Relevant);

    /// <param name="vectorCache">A file keeping the catalogue's vectors between runs (the model is deterministic).</param>
    public static async Task<JsonObject> RunAsync(int listings, string? vectorCache)
    {
        var data = DataDirectory();
        var catalogue = Read<List<CatalogueAgent>>(Path.Combine(data, "catalogue.json"));
        var queries = Read<List<JudgedQuery>>(Path.Combine(data, "queries.json"));
        var provider = new MiniLmEmbeddings();
        var results = new JsonArray();

        var load = Stopwatch.StartNew();
        await provider.EmbedAsync(["warm up"], default);
        load.Stop();
        Console.WriteLine($"model: {provider.Model}, loaded and first text embedded in {load.Elapsed.TotalMilliseconds:0} ms");

        var cached = vectorCache is not null && File.Exists(vectorCache) ? Read<Dictionary<string, float[][]>>(vectorCache) : [];
        var embedding = Stopwatch.StartNew();
        var at = DateTimeOffset.UnixEpoch;
        var listingsById = new List<AgentListing>();
        foreach (var agent in catalogue)
        {
            var listing = new AgentListing(agent.Id, "bench", Visibility.Public, ListingStatus.Active, 1, at, at, Card(agent.Card));
            var texts = ListingEmbedder.Texts(listing.Card);
            var key = string.Join("\n", texts);
            if (!cached.TryGetValue(key, out var cardVectors)) cached[key] = cardVectors = await provider.EmbedAsync(texts, default);
            listingsById.Add(listing with { Embedding = new ListingEmbedding(provider.Model, cardVectors[0], cardVectors[1..]) });
        }
        embedding.Stop();
        if (vectorCache is not null) await File.WriteAllTextAsync(vectorCache, JsonSerializer.Serialize(cached));
        var textCount = listingsById.Sum(l => 1 + l.Card.Skills.Count);
        Console.WriteLine($"catalogue: {catalogue.Count} agents ({textCount} texts) embedded in {embedding.Elapsed.TotalSeconds:0.0} s " +
            $"({embedding.Elapsed.TotalMilliseconds / textCount:0.0} ms per text, cached ones free); {queries.Count} judged queries");

        var index = new AgentSearchIndex(new AgentSignals(Options.Create(new ReviewOptions())), new EmbeddingOptions().MinSimilarity);
        foreach (var listing in listingsById) index.Upsert(listing);
        var caller = new Caller(false, "reader", "k", Role.Reader);
        var vectors = new Dictionary<string, float[]>();
        foreach (var q in queries) vectors[q.Query] = (await provider.EmbedAsync([q.Query], default))[0];

        Console.WriteLine($"{"mode",-9} {"kind",-12} {"nDCG@10",8} {"recall@10",10} {"queries",8}");
        foreach (var mode in new[] { SearchMode.Keyword, SearchMode.Semantic, SearchMode.Hybrid })
        {
            var scored = queries.Select(q =>
            {
                var page = index.Search(new AgentSearchQuery(q.Query, null, null, null, null, null, null, K, null) { Mode = mode }, caller, vectors[q.Query]);
                var ranked = page.Items.Select(i => i.AgentId).ToList();
                return (q.Kind, Ndcg: Ndcg(ranked, q.Relevant), Recall: Recall(ranked, q.Relevant));
            }).ToList();
            foreach (var group in scored.GroupBy(s => s.Kind).OrderBy(g => g.Key).Prepend(scored.GroupBy(_ => "all").Single()))
            {
                var (ndcg, recall) = (group.Average(s => s.Ndcg), group.Average(s => s.Recall));
                Console.WriteLine($"{Name(mode),-9} {group.Key,-12} {ndcg,8:0.000} {recall,10:0.000} {group.Count(),8}");
                results.Add(new JsonObject
                {
                    ["scenario"] = $"{Name(mode)}/{group.Key}", ["mode"] = Name(mode), ["kind"] = group.Key,
                    ["ndcgAt10"] = Math.Round(ndcg, 4), ["recallAt10"] = Math.Round(recall, 4), ["queries"] = group.Count(),
                });
            }
        }

        // Latency: the catalogue copied (vectors and all) up to the requested size, so ranking works on N listings.
        for (var i = listingsById.Count; i < listings; i++)
        {
            var source = listingsById[i % listingsById.Count];
            index.Upsert(source with { AgentId = $"{source.AgentId}-copy{i}" });
        }
        var queryEmbedding = new Percentiles();
        var ranking = new Dictionary<SearchMode, Percentiles> { [SearchMode.Keyword] = new(), [SearchMode.Semantic] = new(), [SearchMode.Hybrid] = new() };
        var total = new Percentiles();
        const int samples = 1_000;
        for (var i = 0; i < samples + 100; i++)
        {
            var q = queries[i % queries.Count];
            // A new text every time, so the query cache never answers: the embedding is measured as a first search pays it.
            var text = i < queries.Count ? q.Query : $"{q.Query} {i}";
            var started = Stopwatch.GetTimestamp();
            var vector = (await provider.EmbedAsync([text], default))[0];
            var embedded = Stopwatch.GetElapsedTime(started);
            index.Search(new AgentSearchQuery(text, null, null, null, null, null, null, 20, null), caller, vector);
            var hybridTotal = Stopwatch.GetElapsedTime(started);
            if (i >= 100)
            {
                queryEmbedding.Add(embedded);
                total.Add(hybridTotal);
            }
            foreach (var mode in ranking.Keys)
            {
                var rankStarted = Stopwatch.GetTimestamp();
                index.Search(new AgentSearchQuery(text, null, null, null, null, null, null, 20, null) { Mode = mode }, caller, vector);
                if (i >= 100) ranking[mode].Add(Stopwatch.GetElapsedTime(rankStarted));
            }
        }
        Console.WriteLine($"latency at {index.Count} listings, limit 20, {samples} queries:");
        Console.WriteLine($"  query embedding:             {queryEmbedding}");
        foreach (var (mode, p) in ranking) Console.WriteLine($"  {Name(mode) + " ranking:",-28} {p}");
        Console.WriteLine($"  hybrid total (embed + rank): {total}");
        void Latency(string scenario, Percentiles p) => results.Add(new JsonObject
        {
            // The other suites' row shape (queries run one at a time), with the index size and sample count beside it.
            ["scenario"] = scenario, ["clients"] = 1, ["throughput_per_s"] = Math.Round(p.SequentialPerSecond, 2),
            ["p50_ms"] = Math.Round(p.At(50), 3), ["p99_ms"] = Math.Round(p.At(99), 3), ["listings"] = index.Count, ["samples"] = samples,
        });
        Latency("latency/query-embedding", queryEmbedding);
        foreach (var (mode, p) in ranking) Latency($"latency/{Name(mode)}-ranking", p);
        Latency("latency/hybrid-total", total);
        return new JsonObject { ["suite"] = "relevance", ["results"] = results };
    }

    static string Name(SearchMode mode) => mode.ToString().ToLowerInvariant();

    /// <summary>Binary gains: every agent of the query's family is relevant, and the ideal ranking puts them first.</summary>
    static double Ndcg(List<string> ranked, IReadOnlyList<string> relevant)
    {
        var dcg = ranked.Select((id, i) => relevant.Contains(id) ? 1 / Math.Log2(i + 2) : 0).Sum();
        var ideal = Enumerable.Range(0, Math.Min(K, relevant.Count)).Sum(i => 1 / Math.Log2(i + 2));
        return dcg / ideal;
    }

    static double Recall(List<string> ranked, IReadOnlyList<string> relevant) =>
        (double)ranked.Count(relevant.Contains) / Math.Min(K, relevant.Count);

    static AgentCard Card(CatalogueCard c) => new(
        c.Name, c.Description, [new AgentInterface("https://agents.example.com/a2a", "JSONRPC", "1.0")], "1.0.0", new AgentCapabilities(),
        ["text/plain"], ["application/json"], c.Skills.Select(s => new AgentSkill(s.Id, s.Name, s.Description, s.Tags)).ToList());

    static T Read<T>(string path) => JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json.Lenient)
        ?? throw new InvalidDataException($"{path} is empty.");

    /// <summary>bench/relevance, found from the working directory or the binary's location upwards.</summary>
    static string DataDirectory()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "bench", "relevance");
                if (File.Exists(Path.Combine(candidate, "catalogue.json"))) return candidate;
            }
        }
        throw new DirectoryNotFoundException("bench/relevance/catalogue.json not found: run from the repository.");
    }
}
