using Marketplace.Billing;
using Marketplace.Http;
using Marketplace.Registry;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Marketplace.Reviews;

/// <summary>
/// Reviews of listings. Only a tenant that has paid for a completed use of the agent (an applied charge in its
/// ledger) may review it; the publisher may answer each review once; anyone may report one; the admin may hide one.
/// </summary>
public sealed class ReviewEndpoints(AgentService agents, BillingStore billing, ReviewStore store, Events.IIntegrationEvents events, IOptions<ReviewOptions> options, TimeProvider clock)
{
    public async Task<Results<Ok<ReviewView>, InvalidProblem, ForbiddenProblem, NotFoundProblem>> Write(ApiRequest request)
    {
        var agentId = request.Route("agentId");
        var tenantId = request.Caller.TenantId!;
        var body = await request.BodyAsync<WriteReviewRequest>();
        var errors = new List<FieldError>();
        if (body.Rating is < 1 or > 5) errors.Add(new("$.rating", "Must be 1 to 5."));
        if (body.Text is { Length: > 4000 }) errors.Add(new("$.text", "At most 4000 characters."));
        if (errors.Count > 0) return new InvalidProblem(errors);
        if (await agents.FindAsync(request.Caller, agentId, request.Aborted) is not { } listing) return new NotFoundProblem($"No agent '{agentId}'.");
        if (!await billing.HasPaidUseAsync(tenantId, agentId, request.Aborted))
            return new ForbiddenProblem("review-requires-paid-use", "Only paying users review.", "A tenant may review an agent after a completed, paid use of it.");
        var now = clock.GetUtcNow();
        var text = body.Text ?? "";
        var review = await store.ChangeAsync(agentId, tenantId, current => current switch
        {
            null => new Review(agentId, tenantId, body.Rating, text, 1, now, now),
            // Sending the same review again (a retry) is not a new version.
            _ when current.Rating == body.Rating && current.Text == text => current,
            _ => current with { Rating = body.Rating, Text = text, Version = current.Version + 1, UpdatedAt = now },
        }, request.Aborted);
        // Only the write that created the review announces it (a retry leaves it as it was).
        if (review is { Version: 1 } && review.UpdatedAt == now)
            await events.PublishAsync(Events.ReviewEvents.Created(review, listing.Listing.PublisherTenantId), request.Aborted);
        return TypedResults.Ok(ReviewView.For(review!, request.Caller));
    }

    public async Task<Results<Ok<ReviewPage>, NotFoundProblem>> List(ApiRequest request)
    {
        var agentId = request.Route("agentId");
        if (await agents.FindAsync(request.Caller, agentId, request.Aborted) is null) return new NotFoundProblem($"No agent '{agentId}'.");
        var aggregate = await store.AggregateAsync(agentId, request.Aborted);
        var reviews = (await store.ListAsync(agentId, request.Aborted)).Where(r => !r.Hidden || request.Caller.IsAdmin)
            .Select(r => ReviewView.For(r, request.Caller)).ToList();
        var prior = options.Value;
        return TypedResults.Ok(new ReviewPage(agentId, aggregate.Count, aggregate.Mean, aggregate.Score(prior.PriorMean, prior.PriorWeight), aggregate.Distribution, reviews));
    }

    public async Task<Results<Ok<List<ReviewView>>, NotFoundProblem>> History(ApiRequest request)
    {
        var (agentId, tenantId) = (request.Route("agentId"), request.Route("tenantId"));
        var review = await store.GetAsync(agentId, tenantId, request.Aborted);
        // The author and the admin see every version; others only a visible review's.
        if (review is null || (review.Hidden && !request.Caller.IsAdmin && request.Caller.TenantId != tenantId)) return NoReview();
        return TypedResults.Ok((await store.HistoryAsync(agentId, tenantId, request.Aborted)).Select(v => ReviewView.For(v, request.Caller)).ToList());
    }

    public async Task<Results<Ok<ReviewView>, InvalidProblem, ForbiddenProblem, NotFoundProblem, ConflictProblem>> Reply(ApiRequest request)
    {
        var (agentId, tenantId) = (request.Route("agentId"), request.Route("tenantId"));
        var body = await request.BodyAsync<ReplyRequest>();
        if (string.IsNullOrWhiteSpace(body.Text) || body.Text.Length > 4000) return new InvalidProblem([new("$.text", "1–4000 characters.")]);
        var listing = await agents.FindAsync(request.Caller, agentId, request.Aborted);
        if (listing is null) return new NotFoundProblem($"No agent '{agentId}'.");
        if (listing.Listing.PublisherTenantId != request.Caller.TenantId) return new ForbiddenProblem("Only the agent's publisher answers its reviews.");
        var now = clock.GetUtcNow();
        var replied = false;
        var review = await store.ChangeAsync(agentId, tenantId, current =>
        {
            if (current?.Reply is not null) replied = true;
            return current is null || current.Reply is not null ? current : current with { Reply = new ReviewReply(body.Text, now) };
        }, request.Aborted);
        if (review is null) return NoReview();
        return replied ? new ConflictProblem("The publisher has already answered this review.") : TypedResults.Ok(ReviewView.For(review, request.Caller));
    }

    public async Task<Results<Accepted, NotFoundProblem>> Report(ApiRequest request)
    {
        var (agentId, tenantId) = (request.Route("agentId"), request.Route("tenantId"));
        var reporter = request.Caller.TenantId!;
        var review = await store.ChangeAsync(agentId, tenantId, current =>
            current is null || current.Hidden || current.ReportedBy.Contains(reporter) || current.ReportedBy.Count >= 100
                ? current
                : current with { ReportedBy = [.. current.ReportedBy, reporter] }, request.Aborted);
        return review is null || review.Hidden ? NoReview() : TypedResults.Accepted((string?)null);
    }

    public async Task<Results<Ok<ReviewView>, NotFoundProblem>> Hide(ApiRequest request)
    {
        var (agentId, tenantId) = (request.Route("agentId"), request.Route("tenantId"));
        var review = await store.ChangeAsync(agentId, tenantId, current =>
            current is null || current.Hidden ? current : current with { Hidden = true }, request.Aborted);
        return review is null ? NoReview() : TypedResults.Ok(ReviewView.For(review, request.Caller));
    }

    static NotFoundProblem NoReview() => new("No such review.");
}
