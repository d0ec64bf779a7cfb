namespace Marketplace.Registry;

/// <summary>
/// What the marketplace knows of an agent's quality, from its reviews and finished tasks: the Bayesian rating and
/// review count, the smoothed success rate and the finished-task count, and the quality (0–1) combined from them.
/// </summary>
public sealed record AgentQuality(double Rating, int ReviewCount, double SuccessRate, long Usage, double Quality);

/// <summary>Why a search hit is where it is: each signal and the score they combine into.</summary>
public sealed record SearchRanking(double Relevance, double Rating, int ReviewCount, double SuccessRate, long Usage, double Quality, double Score);

/// <summary>
/// The ranking formula of registry search (documented in docs/discovery.md). Text relevance (BM25) leads; quality
/// multiplies it by at most 1 + <see cref="QualityBoost"/>, so it orders equally relevant agents but cannot lift a
/// clearly weaker match over a clearly better one. Without words to match, quality alone orders the results.
/// </summary>
public static class RankingFormula
{
    public const double RatingWeight = 0.5, SuccessWeight = 0.3, UsageWeight = 0.2;

    /// <summary>How far quality can lift relevance: a perfect agent scores 1.5× an agent of quality 0.</summary>
    public const double QualityBoost = 0.5;

    /// <summary>
    /// The same lift for fused (hybrid) and cosine relevance: a fused score differs by only a few per cent between
    /// neighbouring ranks, so a larger lift would let quality reorder results that text and meaning ranked apart.
    /// </summary>
    public const double FusedQualityBoost = 0.05;

    /// <summary>Finished tasks at which usage counts fully; it grows logarithmically up to there.</summary>
    public const long UsageSaturation = 1000;

    /// <summary>The success rate an agent with no finished tasks is assumed to have, and how many tasks that assumption weighs.</summary>
    public const double SuccessPrior = 0.75, SuccessPriorWeight = 4;

    public static AgentQuality Quality(double bayesianRating, int reviewCount, long finished, long completed)
    {
        var successRate = (completed + SuccessPrior * SuccessPriorWeight) / (finished + SuccessPriorWeight);
        var usage = Math.Min(1, Math.Log(1 + finished) / Math.Log(1 + UsageSaturation));
        var quality = RatingWeight * (bayesianRating - 1) / 4 + SuccessWeight * successRate + UsageWeight * usage;
        return new AgentQuality(bayesianRating, reviewCount, Math.Round(successRate, 4), finished, Math.Round(quality, 4));
    }

    public static SearchRanking Rank(double relevance, bool hasText, AgentQuality q, double boost = QualityBoost) => new(
        relevance, q.Rating, q.ReviewCount, q.SuccessRate, q.Usage, q.Quality,
        Math.Round(hasText ? relevance * (1 + boost * q.Quality) : q.Quality, 6));
}
