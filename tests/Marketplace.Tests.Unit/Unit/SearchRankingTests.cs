using Marketplace.Serialization;
using System.Text.Json;
using Marketplace.Graph;
using Marketplace.Http;
using Marketplace.Registry;
using Marketplace.Reviews;
using Marketplace.Tenancy;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Xunit;

namespace Marketplace.Tests.Unit;

/// <summary>Ranked discovery: text relevance combined with rating, success rate and usage, each visible in the hit.</summary>
public sealed class SearchRankingTests
{
    static readonly Caller TenantA = new(false, "a", "k", Role.Reader);

    static AgentListing Listing(string id, string name, string description = "Helps")
    {
        var card = JsonSerializer.Deserialize<AgentCard>(Cards.Valid(name, description).ToJsonString(), Json.Lenient)!;
        return new AgentListing(id, "b", Visibility.Public, ListingStatus.Active, 1, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, card);
    }

    static ReviewAggregate Ratings(string agentId, int count, int stars) =>
        Enumerable.Range(0, count).Aggregate(ReviewAggregate.Empty(agentId), (a, _) => a.With(stars, +1));

    static AgentSearchQuery Query(string? q) => new(q, null, null, null, null, null, null, 10, null);

    static (AgentSearchIndex Index, AgentSignals Signals) Index(params AgentListing[] listings)
    {
        var signals = new AgentSignals(Options.Create(new ReviewOptions()));
        var index = new AgentSearchIndex(signals);
        foreach (var listing in listings) index.Upsert(listing);
        return (index, signals);
    }

    [Fact]
    public void A_well_rated_successful_agent_outranks_an_equally_relevant_poor_one_and_shows_why()
    {
        var (index, signals) = Index(Listing("agt-poor", "Invoice reader"), Listing("agt-good", "Invoice reader"));
        signals.Replace([Ratings("agt-good", 20, 5), Ratings("agt-poor", 20, 1)],
            [new AgentTaskStats("agt-good", 300, 294), new AgentTaskStats("agt-poor", 40, 12)]);
        var hits = index.Search(Query("invoice"), TenantA).Items;
        Assert.Equal(["agt-good", "agt-poor"], hits.Select(h => h.AgentId));
        var (good, poor) = (hits[0].Ranking, hits[1].Ranking);
        Assert.Equal(good.Relevance, poor.Relevance);
        Assert.Equal((Math.Round((3.5 * 5 + 100) / 25, 3), 20, 300L), (good.Rating, good.ReviewCount, good.Usage));
        Assert.Equal(Math.Round((294 + 0.75 * 4) / 304, 4), good.SuccessRate);
        Assert.True(poor.SuccessRate < 0.4 && poor.Rating < 2);
        Assert.Equal(hits[0].Score, good.Score);
        Assert.Equal(Math.Round(good.Relevance * (1 + 0.5 * good.Quality), 6), good.Score);
    }

    [Fact]
    public void A_clearly_better_text_match_still_outranks_a_better_rated_agent()
    {
        var (index, signals) = Index(Listing("agt-match", "Invoice reader", "Reads invoices and invoice totals"), Listing("agt-loved", "Generic helper", "Sometimes handles an invoice"));
        signals.Replace([Ratings("agt-loved", 50, 5), Ratings("agt-match", 10, 2)],
            [new AgentTaskStats("agt-loved", 1000, 1000), new AgentTaskStats("agt-match", 10, 5)]);
        var hits = index.Search(Query("invoice"), TenantA).Items;
        Assert.Equal(["agt-match", "agt-loved"], hits.Select(h => h.AgentId));
        Assert.True(hits[1].Ranking.Quality > hits[0].Ranking.Quality);

        // Without words to match, quality alone orders the results; an agent nothing is known about has the priors.
        Assert.Equal(["agt-loved", "agt-match"], index.Search(Query(null), TenantA).Items.Select(h => h.AgentId));
        var (fresh, _) = Index(Listing("agt-new", "New"));
        var ranking = fresh.Search(Query(null), TenantA).Items.Single().Ranking;
        Assert.Equal((3.5, 0, 0.75, 0L, 0.0), (ranking.Rating, ranking.ReviewCount, ranking.SuccessRate, ranking.Usage, ranking.Relevance));
    }
}
