namespace Marketplace.Analytics;

/// <summary>One applied usage event as the analytics worker sees it (sent by the billing worker once applied).</summary>
public sealed record AnalyticsEvent(
    string UsageId, string TenantId, string Kind, string AgentId, string PublisherTenantId, bool IsError, long Charged, long Earned, DateTimeOffset OccurredAt)
{
    public string? Tool { get; init; }
    public double? LatencyMs { get; init; }
}

/// <summary>Events the billing worker applied together (one tenant's batch), sent as one message.</summary>
public sealed record AnalyticsBatch(IReadOnlyList<AnalyticsEvent> Events);

public enum Granularity
{
    Hour,
    Day,
}

/// <summary>One bucket of a series: calls, errors, latency percentiles and credits, for one hour or day.</summary>
public sealed record UsagePoint(DateTimeOffset Start, long Calls, long Errors, double? P50Ms, double? P95Ms, double? P99Ms, long Credits);

/// <summary>A series for a tenant's own usage (credits spent) or a publisher's agents (credits earned).</summary>
public sealed record UsageSeries(string Scope, Granularity Granularity, string? AgentId, string? Tool, IReadOnlyList<UsagePoint> Points);
