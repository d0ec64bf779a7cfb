using Marketplace.Serialization;
using System.Text.Json;
using Marketplace.Http;
using Marketplace.Reviews;

namespace Marketplace.Events;

/// <summary>
/// Reviews on the <c>agent-events</c> topic. A review concerns the listing's publisher, so the event is the
/// publisher's; its id names the review's first version, so a retried write is one event.
/// </summary>
public static class ReviewEvents
{
    public const string CreatedType = "marketplace.review.created";

    public static IntegrationEvent Created(Review review, string publisherTenantId) => new(
        $"review:{review.AgentId}:{review.TenantId}:created", Topics.AgentEvents, CreatedType, $"/api/agents/{review.AgentId}/reviews", review.AgentId,
        review.CreatedAt, publisherTenantId,
        JsonSerializer.SerializeToElement(new ReviewEventData(review.AgentId, review.TenantId, review.Rating, review.Text, review.CreatedAt), Json.Lenient));
}

public sealed record ReviewEventData(string AgentId, string ReviewerTenantId, int Rating, string Text, DateTimeOffset CreatedAt);
