using Marketplace.Http;
using Marketplace.Registry;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Analytics;

/// <summary>Tenants read their own usage; publishers read how their agents are used and what they earned.</summary>
public sealed class AnalyticsEndpoints(AnalyticsStore store, AgentService agents, TimeProvider clock)
{
    public async Task<Results<Ok<UsageSeries>, InvalidProblem>> Usage(ApiRequest request)
    {
        if (Window(request, out var granularity, out var from, out var to) is { } invalid) return invalid;
        var agentId = request.Query("agentId");
        var tool = request.Query("tool");
        var dimension = agentId is not null ? "agent:" + agentId : tool is not null ? "tool:" + tool : "all";
        var points = await PointsAsync(request, AnalyticsStore.Consumer(request.Caller.TenantId!), granularity, from, to, dimension);
        return TypedResults.Ok(new UsageSeries("tenant", granularity, agentId, tool, points));
    }

    public async Task<Results<Ok<UsageSeries>, InvalidProblem, NotFoundProblem>> Agent(ApiRequest request)
    {
        if (Window(request, out var granularity, out var from, out var to) is { } invalid) return invalid;
        var agentId = request.Route("agentId");
        // Only the publisher sees an agent's usage across tenants; to anyone else it does not exist.
        var listing = await agents.FindAsync(request.Caller, agentId, request.Aborted);
        if (listing is null || listing.Listing.PublisherTenantId != request.Caller.TenantId) return new NotFoundProblem($"No agent '{agentId}' of yours.");
        var points = await PointsAsync(request, AnalyticsStore.Publisher(request.Caller.TenantId!), granularity, from, to, "agent:" + agentId);
        return TypedResults.Ok(new UsageSeries("publisher", granularity, agentId, null, points));
    }

    async Task<IReadOnlyList<UsagePoint>> PointsAsync(ApiRequest request, string partition, Granularity granularity, DateTimeOffset from, DateTimeOffset to, string dimension)
    {
        var rows = await store.RangeAsync(partition, granularity, from, to, request.Aborted);
        return rows.Where(r => r.Row.EndsWith("|" + dimension, StringComparison.Ordinal))
            .Select(r => new UsagePoint(DateTimeOffset.Parse(r.Row.Split('|')[1] + ":00:00Z"), r.Calls, r.Errors,
                LatencyHistogram.Percentile(r.Latency, 0.50), LatencyHistogram.Percentile(r.Latency, 0.95), LatencyHistogram.Percentile(r.Latency, 0.99), r.Credits))
            .OrderBy(p => p.Start).ToList();
    }

    InvalidProblem? Window(ApiRequest request, out Granularity granularity, out DateTimeOffset from, out DateTimeOffset to)
    {
        var errors = new List<FieldError>();
        granularity = Granularity.Hour;
        if (request.Query("granularity") is { } g && !EnumNames.TryParse(g, out granularity)) errors.Add(new("granularity", "Must be hour or day."));
        var now = clock.GetUtcNow();
        to = now;
        from = granularity == Granularity.Hour ? now.AddHours(-24) : now.AddDays(-30);
        if (request.Query("from") is { } f && !DateTimeOffset.TryParse(f, out from)) errors.Add(new("from", "Must be an ISO 8601 time."));
        if (request.Query("to") is { } t && !DateTimeOffset.TryParse(t, out to)) errors.Add(new("to", "Must be an ISO 8601 time."));
        if (errors.Count == 0 && (to < from || to - from > (granularity == Granularity.Hour ? TimeSpan.FromDays(31) : TimeSpan.FromDays(400))))
            errors.Add(new("from", "The window must run forwards and span at most 31 days of hours or 400 days of days."));
        from = AnalyticsWorker.Start(from, granularity);
        return errors.Count > 0 ? new InvalidProblem(errors) : null;
    }
}
