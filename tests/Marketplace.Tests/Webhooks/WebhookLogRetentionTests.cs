using Marketplace.Tests.Contract;
using Marketplace.Tests.Infrastructure;
using Marketplace.Webhooks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace Marketplace.Tests.Webhooks;

/// <summary>The delivery log keeps its retention on real Table storage, one webhook's pruning leaving others alone.</summary>
[Collection("azurite-contract")]
public sealed class WebhookLogRetentionTests(AzuriteFixture azurite)
{
    static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Pruning_deletes_exactly_the_tries_older_than_the_retention()
    {
        var store = await StoreAsync(new WebhookOptions());
        // 150 expired tries (more than one entity-group batch), 3 kept, and an expired try of another webhook.
        var expired = Enumerable.Range(0, 150).Select(i => Now - TimeSpan.FromDays(31) - TimeSpan.FromMinutes(i));
        var kept = new[] { Now - TimeSpan.FromDays(29), Now - TimeSpan.FromHours(1), Now };
        await Task.WhenAll(expired.Concat(kept).Select(at => AddTryAsync(store, "whk-a", at)));
        await AddTryAsync(store, "whk-b", Now - TimeSpan.FromDays(40));

        Assert.Equal(150, await store.PruneLogAsync("t1", "whk-a", Now - TimeSpan.FromDays(30), default));

        var left = await store.AttemptsAsync("t1", "whk-a", 100, null, default);
        Assert.Equal(kept.Reverse(), left.Items.Select(a => a.At));
        Assert.Single((await store.AttemptsAsync("t1", "whk-b", 100, null, default)).Items);
        Assert.Equal(0, await store.PruneLogAsync("t1", "whk-a", Now - TimeSpan.FromDays(30), default));
    }

    [Fact]
    public async Task A_webhook_is_pruned_after_a_try_at_most_once_an_hour_per_instance()
    {
        var options = new WebhookOptions { LogRetention = TimeSpan.FromDays(1) };
        var store = await StoreAsync(options);
        var clock = new ManualClock(Now);
        var pruning = new WebhookLogPruning(store, Options.Create(options), clock, NullLogger<WebhookLogPruning>.Instance);

        await AddTryAsync(store, "whk-a", Now - TimeSpan.FromDays(2));
        await pruning.AfterTryAsync("t1", "whk-a", default);
        Assert.Empty((await store.AttemptsAsync("t1", "whk-a", 10, null, default)).Items);

        // Within the hour a newly expired try stays; after it, the next try's prune takes it.
        await AddTryAsync(store, "whk-a", Now - TimeSpan.FromDays(3));
        clock.Advance(TimeSpan.FromMinutes(59));
        await pruning.AfterTryAsync("t1", "whk-a", default);
        Assert.Single((await store.AttemptsAsync("t1", "whk-a", 10, null, default)).Items);
        clock.Advance(TimeSpan.FromMinutes(2));
        await pruning.AfterTryAsync("t1", "whk-a", default);
        Assert.Empty((await store.AttemptsAsync("t1", "whk-a", 10, null, default)).Items);
    }

    [Theory]
    [InlineData("00:59:59", false)]
    [InlineData("01:00:00", true)]
    [InlineData("365.00:00:00", true)]
    [InlineData("366.00:00:00", false)]
    public void The_retention_is_checked_on_start(string retention, bool valid)
    {
        var options = new WebhookOptions { LogRetention = TimeSpan.Parse(retention, System.Globalization.CultureInfo.InvariantCulture) };
        Assert.Equal(valid, System.ComponentModel.DataAnnotations.Validator.TryValidateObject(
            options, new System.ComponentModel.DataAnnotations.ValidationContext(options), [], validateAllProperties: true));
    }

    async Task<WebhookStore> StoreAsync(WebhookOptions options)
    {
        var (tables, blobs, storage) = await ContractStores.StorageAsync(azurite);
        return new WebhookStore(tables, new WebhookSecrets(blobs, Options.Create(options), storage), Options.Create(new Marketplace.Caching.ReadCacheOptions()), TimeProvider.System);
    }

    static Task AddTryAsync(WebhookStore store, string webhookId, DateTimeOffset at) =>
        store.AddAttemptAsync("t1", new WebhookAttempt(WebhookStore.NewAttemptId(at), webhookId, "evt-" + at.UtcTicks, "task.completed", 1,
            true, 1.0, at, 204, null), "{}", default);

    sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        DateTimeOffset now = start;

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
