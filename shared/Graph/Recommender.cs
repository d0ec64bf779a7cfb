using Marketplace.Registry;
using Marketplace.Tenancy;

namespace Marketplace.Graph;

/// <summary>
/// Recommends agents for a skill: the active listings the caller may use that offer it, ranked by graph proximity
/// to the agents the caller's tenant already uses, and by quality (rating, success rate, usage).
/// </summary>
public sealed class Recommender(IKnowledgeGraph graph, AgentSearchIndex index, AgentSignals signals)
{
    public const double ProximityWeight = 0.5, QualityWeight = 0.5;

    public async Task<RecommendationPage> RecommendAsync(Caller caller, string skill, int limit, CancellationToken ct)
    {
        var candidates = index.WithSkill(skill, caller);
        var proximity = caller.TenantId is { } tenantId && candidates.Count > 0
            ? (await graph.ProximityAsync(tenantId, candidates.Select(c => c.AgentId).ToList(), ct)).ToDictionary(p => p.AgentId, StringComparer.Ordinal)
            : [];
        var items = candidates.Select(listing =>
            {
                var near = proximity.GetValueOrDefault(listing.AgentId);
                var closeness = Proximity(near?.TenantTasks ?? 0, near?.CollaborationRuns ?? 0);
                var quality = signals.For(listing.AgentId);
                var score = Math.Round(ProximityWeight * closeness + QualityWeight * quality.Quality, 6);
                return new Recommendation(listing.AgentId, listing.Card.Name, listing.Card.Description, listing.PublisherTenantId,
                    new RecommendationRanking(closeness, near?.TenantTasks ?? 0, near?.CollaborationRuns ?? 0, quality.Rating, quality.ReviewCount,
                        quality.SuccessRate, quality.Usage, quality.Quality, score));
            })
            .OrderByDescending(r => r.Ranking.Score).ThenBy(r => r.AgentId, StringComparer.Ordinal)
            .Take(limit).ToList();
        return new RecommendationPage(skill, items);
    }

    /// <summary>1 for an agent the tenant used; for one that shared runs with those, from 0.25 (one run) towards 0.5; else 0.</summary>
    public static double Proximity(long tenantTasks, long collaborationRuns) =>
        tenantTasks > 0 ? 1 : Math.Round(0.5 * collaborationRuns / (collaborationRuns + 1.0), 4);
}
