using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Registry;

/// <summary>
/// Listings. <see cref="AgentService"/> refuses by throwing (a <see cref="Errors.DomainException"/> the dispatcher
/// renders); the problems a result lists that its handler does not build itself are those refusals.
/// </summary>
public sealed class AgentEndpoints(AgentService agents, AgentSearchIndex index, ListingEmbedder embedder)
{
    const int DefaultLimit = 20, MaxLimit = 100;

    public async Task<Results<Created<AgentListing>, InvalidProblem, TooLargeProblem, UpstreamProblem>> Publish(ApiRequest request)
    {
        var body = await request.BodyAsync<PublishAgentRequest>();
        var listing = await agents.PublishAsync(request.Caller, body, request.Aborted);
        return WithETag(request, listing, TypedResults.Created($"/api/agents/{listing.AgentId}", listing));
    }

    public async Task<Results<Ok<AgentListing>, NotFoundProblem>> Get(ApiRequest request)
    {
        var agentId = request.Route("agentId");
        var stored = await agents.FindAsync(request.Caller, agentId, request.Aborted);
        return stored is null ? new NotFoundProblem($"No agent '{agentId}'.") : WithETag(request, stored.Listing, TypedResults.Ok(stored.Listing));
    }

    public async Task<Results<Ok<AgentListing>, InvalidProblem, ForbiddenProblem, NotFoundProblem, PreconditionFailedProblem, PreconditionRequiredProblem>> Update(ApiRequest request)
    {
        var body = await request.BodyAsync<UpdateAgentRequest>();
        var listing = await agents.UpdateAsync(request.Caller, request.Route("agentId"), request.Header("If-Match"), body, request.Aborted);
        return WithETag(request, listing, TypedResults.Ok(listing));
    }

    public async Task<Results<Ok<AgentListing>, ForbiddenProblem, NotFoundProblem, PreconditionFailedProblem>> Retire(ApiRequest request)
    {
        var listing = await agents.RetireAsync(request.Caller, request.Route("agentId"), request.Header("If-Match"), request.Aborted);
        return WithETag(request, listing, TypedResults.Ok(listing));
    }

    public async Task<Results<Ok<AgentVersionList>, NotFoundProblem>> Versions(ApiRequest request)
    {
        var agentId = request.Route("agentId");
        var versions = await agents.VersionsAsync(request.Caller, agentId, request.Aborted);
        return versions is null ? new NotFoundProblem($"No agent '{agentId}'.") : TypedResults.Ok(new AgentVersionList(agentId, versions));
    }

    public async Task<Results<Ok<AgentSearchPage>, InvalidProblem>> Search(ApiRequest request)
    {
        var errors = new List<FieldError>();
        var limit = DefaultLimit;
        if (request.Query("limit") is { } rawLimit && (!int.TryParse(rawLimit, out limit) || limit is < 1 or > MaxLimit))
            errors.Add(new("limit", $"Must be an integer from 1 to {MaxLimit}."));
        Visibility? visibility = null;
        if (request.Query("visibility") is { } rawVisibility)
        {
            if (Enum.TryParse<Visibility>(rawVisibility, ignoreCase: true, out var v) && !int.TryParse(rawVisibility, out _)) visibility = v;
            else errors.Add(new("visibility", "Must be private or public."));
        }
        if (request.Query("q") is { Length: > 500 }) errors.Add(new("q", "Must be at most 500 characters."));
        var mode = SearchMode.Hybrid;
        if (request.Query("mode") is { } rawMode && !TryParseMode(rawMode, out mode))
            errors.Add(new("mode", "Must be keyword, semantic or hybrid."));
        bool? verified = null;
        if (request.Query("verified") is { } rawVerified)
        {
            if (rawVerified is "true" or "false") verified = rawVerified == "true";
            else errors.Add(new("verified", "Must be true or false."));
        }
        if (errors.Count > 0) return new InvalidProblem(errors);

        var query = new AgentSearchQuery(request.Query("q"), request.Query("skill"), request.Query("tag"), request.Query("inputMode"),
            request.Query("outputMode"), request.Query("publisher"), visibility, limit, request.Query("cursor")) { Mode = mode, Verified = verified };
        var vector = mode != SearchMode.Keyword && !string.IsNullOrWhiteSpace(query.Q)
            ? await embedder.EmbedQueryAsync(query.Q, request.Aborted)
            : null;
        return TypedResults.Ok(index.Search(query, request.Caller, vector));
    }

    /// <summary>A mode by name only: a number is not a mode even where the enum would accept it.</summary>
    public static bool TryParseMode(string raw, out SearchMode mode) =>
        Enum.TryParse(raw, ignoreCase: true, out mode) && !int.TryParse(raw, out _);

    static TResult WithETag<TResult>(ApiRequest request, AgentListing listing, TResult result)
    {
        request.Http.Response.Headers.ETag = listing.ETag;
        return result;
    }
}
