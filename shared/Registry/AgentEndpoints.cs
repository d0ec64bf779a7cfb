using Marketplace.Http;
using Microsoft.AspNetCore.Http;

namespace Marketplace.Registry;

public static class AgentEndpoints
{
    const int DefaultLimit = 20, MaxLimit = 100;

    public static async Task<IResult> Publish(ApiRequest request)
    {
        var body = await request.BodyAsync<PublishAgentRequest>();
        var listing = await request.Service<AgentService>().PublishAsync(request.Caller, body, request.Aborted);
        return WithETag(request, listing, Results.Created($"/api/agents/{listing.AgentId}", listing));
    }

    public static async Task<IResult> Get(ApiRequest request)
    {
        var agentId = request.Route("agentId");
        var stored = await request.Service<AgentService>().FindAsync(request.Caller, agentId, request.Aborted);
        return stored is null ? Problems.NotFound($"No agent '{agentId}'.") : WithETag(request, stored.Listing, Results.Ok(stored.Listing));
    }

    public static async Task<IResult> Update(ApiRequest request)
    {
        var body = await request.BodyAsync<UpdateAgentRequest>();
        var listing = await request.Service<AgentService>().UpdateAsync(request.Caller, request.Route("agentId"), request.Header("If-Match"), body, request.Aborted);
        return WithETag(request, listing, Results.Ok(listing));
    }

    public static async Task<IResult> Retire(ApiRequest request)
    {
        var listing = await request.Service<AgentService>().RetireAsync(request.Caller, request.Route("agentId"), request.Header("If-Match"), request.Aborted);
        return WithETag(request, listing, Results.Ok(listing));
    }

    public static async Task<IResult> Versions(ApiRequest request)
    {
        var agentId = request.Route("agentId");
        var versions = await request.Service<AgentService>().VersionsAsync(request.Caller, agentId, request.Aborted);
        return versions is null ? Problems.NotFound($"No agent '{agentId}'.") : Results.Ok(new AgentVersionList(agentId, versions));
    }

    public static async Task<IResult> Search(ApiRequest request)
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
        if (errors.Count > 0) return Problems.Validation(errors);

        var query = new AgentSearchQuery(request.Query("q"), request.Query("skill"), request.Query("tag"), request.Query("inputMode"),
            request.Query("outputMode"), request.Query("publisher"), visibility, limit, request.Query("cursor")) { Mode = mode, Verified = verified };
        var vector = mode != SearchMode.Keyword && !string.IsNullOrWhiteSpace(query.Q)
            ? await request.Service<ListingEmbedder>().EmbedQueryAsync(query.Q, request.Aborted)
            : null;
        return Results.Ok(request.Service<AgentSearchIndex>().Search(query, request.Caller, vector));
    }

    /// <summary>A mode by name only: a number is not a mode even where the enum would accept it.</summary>
    public static bool TryParseMode(string raw, out SearchMode mode) =>
        Enum.TryParse(raw, ignoreCase: true, out mode) && !int.TryParse(raw, out _);

    static IResult WithETag(ApiRequest request, AgentListing listing, IResult result)
    {
        request.Http.Response.Headers.ETag = listing.ETag;
        return result;
    }
}
