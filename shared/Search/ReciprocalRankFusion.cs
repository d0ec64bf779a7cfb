namespace Marketplace.Search;

/// <summary>
/// Reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009): an item scores Σ 1 / (k + rank) over the ranked
/// lists it appears in. Only ranks count, so BM25 scores and cosine similarities need no common scale.
/// </summary>
public static class ReciprocalRankFusion
{
    /// <summary>The usual constant: it damps the weight of the very first ranks.</summary>
    public const int K = 60;

    /// <summary>Fused scores by id; each list maps ids to their rank in it (from 1; tied items share a rank).</summary>
    public static Dictionary<string, double> Fuse(params IReadOnlyDictionary<string, int>[] rankings)
    {
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var ranking in rankings)
        {
            foreach (var (id, rank) in ranking) scores[id] = scores.GetValueOrDefault(id) + 1.0 / (K + rank);
        }
        return scores;
    }
}
