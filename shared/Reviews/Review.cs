namespace Marketplace.Reviews;

/// <summary>The publisher's one answer to a review.</summary>
public sealed record ReviewReply(string Text, DateTimeOffset At);

/// <summary>
/// A tenant's review of an agent: one per tenant and agent, editable (every version is kept), answered at most once
/// by the publisher, reportable by anyone, hideable by the platform admin (a hidden review leaves the aggregates).
/// </summary>
public sealed record Review(string AgentId, string TenantId, int Rating, string Text, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public ReviewReply? Reply { get; init; }
    public bool Hidden { get; init; }
    public IReadOnlyList<string> ReportedBy { get; init; } = [];
}

/// <summary>An agent's ratings: count, mean, distribution (1★ … 5★) and a Bayesian-adjusted score.</summary>
public sealed record ReviewAggregate(string AgentId, int Count, long Sum, IReadOnlyList<int> Distribution)
{
    public static ReviewAggregate Empty(string agentId) => new(agentId, 0, 0, [0, 0, 0, 0, 0]);

    public double? Mean => Count == 0 ? null : Math.Round((double)Sum / Count, 3);

    /// <summary>The mean pulled towards a prior by a few imaginary reviews, so two 5★ reviews do not outrank a hundred 4.8★ ones.</summary>
    public double Score(double priorMean, int priorWeight) => Math.Round((priorMean * priorWeight + Sum) / (priorWeight + Count), 3);

    public ReviewAggregate With(int rating, int sign)
    {
        var distribution = Distribution.ToArray();
        distribution[rating - 1] += sign;
        return this with { Count = Count + sign, Sum = Sum + sign * rating, Distribution = distribution };
    }
}

public sealed record WriteReviewRequest(int Rating, string? Text = null);

public sealed record ReplyRequest(string Text);

/// <summary>
/// A review as answered: everyone sees how often it was reported, only the platform admin by whom (reporters are
/// other tenants, whose identity is theirs to keep).
/// </summary>
public sealed record ReviewView(string AgentId, string TenantId, int Rating, string Text, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int ReportCount)
{
    public ReviewReply? Reply { get; init; }
    public bool Hidden { get; init; }

    /// <summary>Who reported it: the platform admin only; absent for everyone else.</summary>
    public IReadOnlyList<string>? ReportedBy { get; init; }

    public static ReviewView For(Review review, Tenancy.Caller caller) =>
        new(review.AgentId, review.TenantId, review.Rating, review.Text, review.Version, review.CreatedAt, review.UpdatedAt, review.ReportedBy.Count)
        {
            Reply = review.Reply,
            Hidden = review.Hidden,
            ReportedBy = caller.IsAdmin ? review.ReportedBy : null,
        };
}

/// <summary>What <c>GET /api/agents/{agentId}/reviews</c> answers.</summary>
public sealed record ReviewPage(string AgentId, int Count, double? Mean, double Score, IReadOnlyList<int> Distribution, IReadOnlyList<ReviewView> Reviews);
