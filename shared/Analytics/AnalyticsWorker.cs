using Marketplace.Serialization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Billing;
using Marketplace.Http;
using Marketplace.Queues;

namespace Marketplace.Analytics;

/// <summary>
/// The analytics worker: counts each applied usage event once into hourly and daily aggregates — overall, per agent
/// and per tool for the tenant that used them, and per agent for the publisher that earned from them. A message holds
/// one batch of the billing worker (or, as sent before batches, one event); each aggregate row it touches is read
/// and written once for the whole batch.
/// Every applied debit passes here after its wallet commit, so this is also where a batch's effect on each tenant's
/// balance is looked at (<see cref="BalanceAlerts"/>), off the billing worker's transaction path.
/// </summary>
public sealed class AnalyticsWorker(AnalyticsStore store, BalanceAlerts alerts) : IQueueHandler
{
    public string Queue => QueueNames.AnalyticsEvents;

    public async Task HandleAsync(string message, CancellationToken ct)
    {
        var node = JsonNode.Parse(message) as JsonObject ?? throw new InvalidDataException("The message holds no analytics event.");
        IReadOnlyList<AnalyticsEvent> events = node.ContainsKey("events")
            ? node.Deserialize<AnalyticsBatch>(Json.Lenient)?.Events ?? []
            : [node.Deserialize<AnalyticsEvent>(Json.Lenient) ?? throw new InvalidDataException("The message holds no analytics event.")];
        await ApplyAsync(events, ct);
    }

    public async Task ApplyAsync(IReadOnlyList<AnalyticsEvent> events, CancellationToken ct)
    {
        var byPartition = new Dictionary<string, List<AnalyticsStore.Counted>>(StringComparer.Ordinal);
        void Add(string partition, AnalyticsEvent evt, List<string> dimensions, long credits)
        {
            if (!byPartition.TryGetValue(partition, out var list)) byPartition[partition] = list = [];
            list.Add(new AnalyticsStore.Counted(UsageEvent.KeyOf(evt.UsageId), Updates(evt, dimensions, credits)));
        }
        foreach (var evt in events.DistinctBy(e => e.UsageId, StringComparer.Ordinal))
        {
            List<string> consumerDimensions = ["all"];
            if (evt.AgentId.Length > 0) consumerDimensions.Add("agent:" + evt.AgentId);
            if (evt.Tool is { } tool) consumerDimensions.Add("tool:" + tool);
            Add(AnalyticsStore.Consumer(evt.TenantId), evt, consumerDimensions, evt.Charged);
            if (evt.PublisherTenantId.Length > 0 && evt.PublisherTenantId != evt.TenantId && evt.AgentId.Length > 0)
                Add(AnalyticsStore.Publisher(evt.PublisherTenantId), evt, ["all", "agent:" + evt.AgentId], evt.Earned);
        }
        foreach (var (partition, counted) in byPartition) await store.AddAsync(partition, counted, ct);
        // Once per tenant and batch: the balance after the batch's debits is what a crossing is judged on.
        foreach (var tenantId in events.Where(e => e.Charged > 0).Select(e => e.TenantId).Distinct(StringComparer.Ordinal))
            await alerts.ObserveAsync(tenantId, afterDebit: true, ct);
    }

    static List<AnalyticsStore.Update> Updates(AnalyticsEvent evt, List<string> dimensions, long credits) =>
        [.. from g in new[] { Granularity.Hour, Granularity.Day }
            from d in dimensions
            select new AnalyticsStore.Update(AnalyticsStore.Row(g, Start(evt.OccurredAt, g), d), evt.LatencyMs, evt.IsError, credits)];

    public static DateTimeOffset Start(DateTimeOffset at, Granularity granularity)
    {
        var utc = at.UtcDateTime;
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, granularity == Granularity.Hour ? utc.Hour : 0, 0, 0, TimeSpan.Zero);
    }
}
