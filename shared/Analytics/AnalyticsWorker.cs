using System.Text.Json;
using Marketplace.Billing;
using Marketplace.Http;
using Marketplace.Queues;

namespace Marketplace.Analytics;

/// <summary>
/// The analytics worker: counts each applied usage event once into hourly and daily aggregates — overall, per agent
/// and per tool for the tenant that used them, and per agent for the publisher that earned from them. Every applied
/// debit passes here after its wallet commit, so this is also where a debit's effect on the balance is looked at
/// (<see cref="BalanceAlerts"/>), off the billing worker's transaction path.
/// </summary>
public sealed class AnalyticsWorker(AnalyticsStore store, BalanceAlerts alerts) : IQueueHandler
{
    public string Queue => QueueNames.AnalyticsEvents;

    public async Task HandleAsync(string message, CancellationToken ct)
    {
        var evt = JsonSerializer.Deserialize<AnalyticsEvent>(message, Json.Lenient) ?? throw new InvalidDataException("The message holds no analytics event.");
        await ApplyAsync(evt, ct);
    }

    public async Task ApplyAsync(AnalyticsEvent evt, CancellationToken ct)
    {
        var key = UsageEvent.KeyOf(evt.UsageId);
        List<string> consumerDimensions = ["all"];
        if (evt.AgentId.Length > 0) consumerDimensions.Add("agent:" + evt.AgentId);
        if (evt.Tool is { } tool) consumerDimensions.Add("tool:" + tool);
        await store.AddAsync(AnalyticsStore.Consumer(evt.TenantId), key, Updates(evt, consumerDimensions, evt.Charged), ct);
        if (evt.PublisherTenantId.Length > 0 && evt.PublisherTenantId != evt.TenantId && evt.AgentId.Length > 0)
            await store.AddAsync(AnalyticsStore.Publisher(evt.PublisherTenantId), key, Updates(evt, ["all", "agent:" + evt.AgentId], evt.Earned), ct);
        if (evt.Charged > 0) await alerts.ObserveAsync(evt.TenantId, afterDebit: true, ct);
    }

    static List<(string, double?, bool, long)> Updates(AnalyticsEvent evt, List<string> dimensions, long credits) =>
        [.. from g in new[] { Granularity.Hour, Granularity.Day }
            from d in dimensions
            select (AnalyticsStore.Row(g, Start(evt.OccurredAt, g), d), evt.LatencyMs, evt.IsError, credits)];

    public static DateTimeOffset Start(DateTimeOffset at, Granularity granularity)
    {
        var utc = at.UtcDateTime;
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, granularity == Granularity.Hour ? utc.Hour : 0, 0, 0, TimeSpan.Zero);
    }
}
