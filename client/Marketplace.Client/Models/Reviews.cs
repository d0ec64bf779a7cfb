namespace Marketplace.Client.Models;

public sealed record Review(string AgentId, string TenantId, int Rating, string Text, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record ReviewPage(string AgentId, int Count, double? Mean, double Score, IReadOnlyList<int> Distribution, IReadOnlyList<Review> Reviews);

public sealed record WriteReviewRequest(int Rating, string? Text = null);
