using Marketplace.Serialization;
using System.Text.Json;
using Marketplace.Http;
using Marketplace.Registry;
using Marketplace.Reviews;
using Marketplace.Search;
using Marketplace.Tenancy;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Xunit;

namespace Marketplace.Tests.Search;

/// <summary>The cosine index and hybrid fusion with hand-made vectors: no model involved.</summary>
public sealed class VectorSearchTests
{
    static readonly Caller Reader = new(false, "reader", "k", Role.Reader);

    static float[] Unit(params float[] v)
    {
        var copy = v.ToArray();
        Vectors.Normalize(copy);
        return copy;
    }

    static AgentListing Listing(string id, string name, float[] card, float[] skill, string tenant = "pub", Visibility visibility = Visibility.Public)
    {
        var json = Cards.Valid(name, "Helps");
        var parsed = JsonSerializer.Deserialize<AgentCard>(json.ToJsonString(), Json.Lenient)!;
        return new AgentListing(id, tenant, visibility, ListingStatus.Active, 1, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, parsed)
        {
            Embedding = new ListingEmbedding("test", card, [skill]),
        };
    }

    static AgentSearchIndex Index() => new(new AgentSignals(Options.Create(new ReviewOptions())), minSimilarity: 0.5);

    static AgentSearchQuery Query(string q, SearchMode mode) => new(q, null, null, null, null, null, null, 10, null) { Mode = mode };

    [Fact]
    public void Dot_of_unit_vectors_is_their_cosine_at_any_length()
    {
        var a = Unit(Enumerable.Range(0, 19).Select(i => (float)i).ToArray());
        Assert.Equal(1f, Vectors.Dot(a, a), 5);
        var b = Unit(Enumerable.Range(0, 19).Select(i => i % 2 == 0 ? 1f : -1f).ToArray());
        var expected = a.Zip(b, (x, y) => x * y).Sum();
        Assert.Equal(expected, Vectors.Dot(a, b), 5);
        Assert.Throws<ArgumentException>(() => Vectors.Dot(a, b[..5]));
    }

    [Fact]
    public void Semantic_mode_ranks_by_best_vector_and_drops_listings_below_the_floor()
    {
        var index = Index();
        index.Upsert(Listing("agt-near", "Alpha", card: Unit(0, 1, 0), skill: Unit(1, 0.1f, 0)));
        index.Upsert(Listing("agt-mid", "Beta", card: Unit(1, 1, 0), skill: Unit(0, 0, 1)));
        index.Upsert(Listing("agt-far", "Gamma", card: Unit(0, 0, 1), skill: Unit(0, 1, 1)));

        var page = index.Search(Query("anything", SearchMode.Semantic), Reader, Unit(1, 0, 0));

        Assert.Equal(["agt-near", "agt-mid"], page.Items.Select(i => i.AgentId));
        var near = page.Items[0];
        Assert.Equal(Math.Round(Vectors.Dot(Unit(1, 0.1f, 0), Unit(1, 0, 0)), 6), near.Match!.Similarity);
        Assert.Equal(1, near.Match.SemanticRank);
        Assert.Null(near.Match.KeywordRank);
        // The skill vector matched, not the card: it is named with its similarity.
        Assert.Equal("keywords", Assert.Single(near.MatchedSkills!).Id);
        Assert.Equal(near.Match.Similarity, near.MatchedSkills![0].Similarity);
    }

    [Fact]
    public void Hybrid_adds_meaning_matches_to_keyword_matches_and_ranks_agreement_first()
    {
        var index = Index();
        index.Upsert(Listing("agt-both", "Ledger reconciler", card: Unit(1, 0, 0), skill: Unit(0, 0, 1)));
        index.Upsert(Listing("agt-words", "Ledger printer", card: Unit(0, 1, 0), skill: Unit(0, 0, 1)));
        index.Upsert(Listing("agt-meaning", "Books balancer", card: Unit(1, 0.2f, 0), skill: Unit(0, 0, 1)));

        var vector = Unit(1, 0, 0);
        Assert.Equal(["agt-both", "agt-words"], index.Search(Query("ledger", SearchMode.Keyword), Reader, vector).Items.Select(i => i.AgentId).Order());
        var hybrid = index.Search(Query("ledger", SearchMode.Hybrid), Reader, vector).Items;

        Assert.Equal("agt-both", hybrid[0].AgentId);
        Assert.Equal(["agt-both", "agt-meaning", "agt-words"], hybrid.Select(i => i.AgentId).Order());
        Assert.Equal(["ledger"], hybrid[0].Match!.Terms);
        Assert.Equal((1, 1), (hybrid[0].Match!.KeywordRank, hybrid[0].Match!.SemanticRank));
        var meaning = hybrid.Single(h => h.AgentId == "agt-meaning");
        Assert.Empty(meaning.Match!.Terms);
        Assert.Null(meaning.Match.KeywordRank);
        Assert.Equal(1.0 / 61 + 1.0 / 61, hybrid[0].Ranking.Relevance, 6);
    }

    [Fact]
    public void Words_that_carry_no_need_do_not_enter_the_hybrid_keyword_ranking()
    {
        var index = Index();
        index.Upsert(Listing("agt-filler", "How to do it for you", card: Unit(0, 1, 0), skill: Unit(0, 0, 1)));
        index.Upsert(Listing("agt-ledger", "Ledger reconciler", card: Unit(0, 1, 0), skill: Unit(0, 0, 1)));
        var vector = Unit(1, 0, 0);
        Assert.Contains("agt-filler", index.Search(Query("how do I reconcile my ledger", SearchMode.Keyword), Reader, vector).Items.Select(i => i.AgentId));
        var hybrid = index.Search(Query("how do I reconcile my ledger", SearchMode.Hybrid), Reader, vector).Items;
        Assert.Equal(["agt-ledger"], hybrid.Select(i => i.AgentId));
        Assert.Equal(["ledger"], hybrid[0].Match!.Terms);
    }

    [Fact]
    public void Meaning_matches_respect_visibility()
    {
        var index = Index();
        index.Upsert(Listing("agt-private", "Hidden", card: Unit(1, 0, 0), skill: Unit(1, 0, 0), tenant: "other", visibility: Visibility.Private));
        index.Upsert(Listing("agt-public", "Shown", card: Unit(1, 0.3f, 0), skill: Unit(0, 0, 1)));
        Assert.Equal(["agt-public"], index.Search(Query("find it", SearchMode.Semantic), Reader, Unit(1, 0, 0)).Items.Select(i => i.AgentId));
        Assert.Equal(["agt-public"], index.Search(Query("find it", SearchMode.Hybrid), Reader, Unit(1, 0, 0)).Items.Select(i => i.AgentId));
    }

    [Fact]
    public void Without_a_query_vector_every_mode_ranks_by_keywords()
    {
        var index = Index();
        index.Upsert(Listing("agt-1", "Ledger reconciler", card: Unit(1, 0, 0), skill: Unit(0, 0, 1)));
        index.Upsert(Listing("agt-2", "Books balancer", card: Unit(1, 0, 0), skill: Unit(0, 0, 1)));
        foreach (var mode in Enum.GetValues<SearchMode>())
            Assert.Equal(["agt-1"], index.Search(Query("ledger", mode), Reader).Items.Select(i => i.AgentId));
    }

    [Fact]
    public void Vectors_of_another_size_are_ignored_and_reported_for_backfill()
    {
        var index = Index();
        index.Upsert(Listing("agt-old", "Ledger", card: Unit(1, 0), skill: Unit(1, 0)));
        Assert.Empty(index.Search(Query("anything", SearchMode.Semantic), Reader, Unit(1, 0, 0)).Items);
        Assert.Equal(["agt-old"], index.Unembedded(l => l.Embedding?.Model == "current", 10).Select(l => l.AgentId));
        Assert.Empty(index.Unembedded(l => l.Embedding?.Model == "test", 10));
    }

    [Fact]
    public void Vectors_round_trip_through_their_stored_bytes()
    {
        var embedding = new ListingEmbedding("m", Unit(1, 2, 3), [Unit(3, 2, 1), Unit(0, 0, 1)]);
        Assert.Equal(embedding, ListingEmbedding.FromBytes("m", embedding.ToBytes()));
        Assert.Null(ListingEmbedding.FromBytes("m", embedding.ToBytes()[..^1]));
        Assert.Null(ListingEmbedding.FromBytes(null, embedding.ToBytes()));
    }
}
