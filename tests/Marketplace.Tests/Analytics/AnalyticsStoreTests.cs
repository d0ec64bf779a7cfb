using Azure.Data.Tables;
using Marketplace.Analytics;
using Marketplace.Storage;
using Marketplace.Tests.Contract;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Analytics;

/// <summary>
/// The analytics aggregates on real Table storage: each instance builds on the rows it last wrote instead of reading
/// them again, and the counts stay exact when two instances write one partition and when events come twice.
/// </summary>
[Collection("azurite-contract")]
public sealed class AnalyticsStoreTests(AzuriteFixture azurite)
{
    static readonly DateTimeOffset Day = new(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset Hour = Day.AddHours(10);

    static AnalyticsStore.Counted Event(string key, double latencyMs, long credits) =>
        new(key, [new AnalyticsStore.Update(AnalyticsStore.Row(Granularity.Hour, Hour, "all"), latencyMs, false, credits),
                  new AnalyticsStore.Update(AnalyticsStore.Row(Granularity.Day, Day, "all"), latencyMs, false, credits)]);

    /// <summary>Two stores on one table, with their own clients and their own memory of what they wrote, as two hosts would have.</summary>
    async Task<(AnalyticsStore First, AnalyticsStore Second)> TwoStoresAsync()
    {
        var (tables, _, options) = await ContractStores.StorageAsync(azurite);
        return (new AnalyticsStore(tables), new AnalyticsStore(new Tables(new TableServiceClient(azurite.ConnectionString), options)));
    }

    [Fact]
    public async Task Two_instances_writing_one_partition_in_turns_and_at_once_count_every_event_once()
    {
        var (first, second) = await TwoStoresAsync();
        var partition = AnalyticsStore.Consumer("t-" + Guid.NewGuid().ToString("N"));
        var events = Enumerable.Range(0, 120).Select(i => Event("e" + i, 10 + i, 5)).ToList();

        // In turns: each store's next batch follows the other's write, so what it remembers is out of date.
        for (var i = 0; i < 40; i += 10)
            await (i % 20 == 0 ? first : second).AddAsync(partition, events.GetRange(i, 10), default);
        // At once: the two race on the same rows; then every event comes again, from both.
        await Task.WhenAll(
            first.AddAsync(partition, events.GetRange(40, 40), default),
            second.AddAsync(partition, events.GetRange(80, 40), default));
        await Task.WhenAll(first.AddAsync(partition, events, default), second.AddAsync(partition, events.GetRange(0, 60), default));

        foreach (var granularity in new[] { Granularity.Hour, Granularity.Day })
        {
            var rows = await first.RangeAsync(partition, granularity, Day, Day.AddDays(1), default);
            var all = Assert.Single(rows, r => r.Row.EndsWith("|all"));
            Assert.Equal(120, all.Calls);
            Assert.Equal(600, all.Credits);
            Assert.Equal(120, all.Latency.Sum());
        }
    }

    [Fact]
    public async Task A_row_changed_by_another_instance_after_this_one_wrote_it_is_read_again()
    {
        var (first, second) = await TwoStoresAsync();
        var partition = AnalyticsStore.Publisher("p-" + Guid.NewGuid().ToString("N"));

        await first.AddAsync(partition, [Event("a", 1, 1)], default);   // first remembers the rows at 1 call
        await second.AddAsync(partition, [Event("b", 1, 1)], default);  // second moves them to 2
        await first.AddAsync(partition, [Event("c", 1, 1)], default);   // first's memory is stale: its write must not win

        var day = Assert.Single(await second.RangeAsync(partition, Granularity.Day, Day, Day.AddDays(1), default));
        Assert.Equal(3, day.Calls);
    }
}
