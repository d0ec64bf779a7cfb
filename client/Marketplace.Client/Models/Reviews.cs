namespace Marketplace.Client.Models;

public sealed record Review(string AgentId, string TenantId, int Rating, string Text, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>The publisher's one answer, if it gave one.</summary>
    public ReviewReply? Reply { get; init; }

    public int ReportCount { get; init; }
}

public sealed record ReviewReply(string Text, DateTimeOffset At);

public sealed record ReplyRequest(string Text);

public sealed record ReviewPage(string AgentId, int Count, double? Mean, double Score, IReadOnlyList<int> Distribution, IReadOnlyList<Review> Reviews);

public sealed record WriteReviewRequest(int Rating, string? Text = null);

/// <summary>A review as a moderator sees it: how often it was reported and whether it is hidden.</summary>
public sealed record ModeratedReview(string AgentId, string TenantId, int Rating, string Text, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int ReportCount)
{
    public bool Hidden { get; init; }
}
