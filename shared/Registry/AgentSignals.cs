using System.Collections.Frozen;
using Marketplace.Graph;
using Marketplace.Reviews;
using Microsoft.Extensions.Options;

namespace Marketplace.Registry;

/// <summary>
/// Each agent's quality signals for ranking, held in memory so search scores every candidate without a storage
/// round trip; replaced as a whole by <see cref="AgentSignalsRefresher"/>. An agent not (yet) known has the priors.
/// </summary>
public sealed class AgentSignals(IOptions<ReviewOptions> reviews)
{
    volatile FrozenDictionary<string, AgentQuality> current = FrozenDictionary<string, AgentQuality>.Empty;

    AgentQuality Unknown => RankingFormula.Quality(reviews.Value.PriorMean, 0, 0, 0);

    public AgentQuality For(string agentId) => current.TryGetValue(agentId, out var quality) ? quality : Unknown;

    public void Replace(IEnumerable<ReviewAggregate> ratings, IEnumerable<AgentTaskStats> tasks)
    {
        var (prior, weight) = (reviews.Value.PriorMean, reviews.Value.PriorWeight);
        var byAgent = ratings.ToDictionary(r => r.AgentId, StringComparer.Ordinal);
        var stats = tasks.ToDictionary(t => t.AgentId, StringComparer.Ordinal);
        current = byAgent.Keys.Union(stats.Keys).ToFrozenDictionary(id => id, id =>
        {
            var rating = byAgent.GetValueOrDefault(id) ?? ReviewAggregate.Empty(id);
            var task = stats.GetValueOrDefault(id) ?? new AgentTaskStats(id, 0, 0);
            return RankingFormula.Quality(rating.Score(prior, weight), rating.Count, task.Finished, task.Completed);
        }, StringComparer.Ordinal);
    }
}
