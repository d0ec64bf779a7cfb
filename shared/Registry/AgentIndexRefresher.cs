using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Registry;

public sealed class RegistryOptions
{
    public const string Section = "Registry";

    /// <summary>How often each instance pulls listings other instances changed.</summary>
    public TimeSpan IndexRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often each instance reloads the ranking signals (ratings, success rates, usage).</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SignalsRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Loads the search index before the host serves, then keeps it current with the store's change query and embeds, in
/// the background, listings stored without vectors of the current model (published before semantic search, while
/// the provider was failing, or under another model).
/// </summary>
public sealed class AgentIndexRefresher(
    IAgentStore store, AgentSearchIndex index, ListingEmbedder embedder, TimeProvider clock, IOptions<RegistryOptions> options,
    ILogger<AgentIndexRefresher> logger)
    : BackgroundService
{
    // Listings embedded per pass: the backfill of a large catalogue yields to the rest of the host between batches.
    const int BackfillBatch = 64;

    // Writes in flight can commit with a store timestamp slightly older than one already seen; re-reading a short
    // window of recent changes costs little and misses none of them. (Cosmos DB's _ts has whole-second resolution.)
    static readonly TimeSpan Overlap = TimeSpan.FromSeconds(5);
    DateTimeOffset watermark = DateTimeOffset.MinValue;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
        logger.LogInformation("Search index loaded with {Count} listings", index.Count);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Local embedding runs synchronously: yield first so a large backfill never holds up the host's start.
        await Task.Yield();
        await BackfillAsync(stoppingToken);
        using var timer = new PeriodicTimer(options.Value.IndexRefreshInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RefreshAsync(stoppingToken);
                await BackfillAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Search index refresh failed; retrying on the next tick");
            }
        }
    }

    async Task RefreshAsync(CancellationToken ct)
    {
        DateTimeOffset? latest = null;
        await foreach (var change in store.ListChangedSinceAsync(watermark, ct))
        {
            index.Upsert(change.Listing);
            if (latest is null || change.ChangedAt > latest) latest = change.ChangedAt;
        }
        if (latest is { } seen && seen - Overlap > watermark) watermark = seen - Overlap;
    }

    /// <summary>Embeds every listing the index holds without current vectors; a failure leaves the rest for the next tick.</summary>
    async Task BackfillAsync(CancellationToken ct)
    {
        var embedded = 0;
        while (index.Unembedded(embedder.IsCurrent, BackfillBatch) is { Count: > 0 } batch)
        {
            foreach (var listing in batch)
            {
                var next = await embedder.EmbedAsync(listing, ct);
                if (next.Embedding is null) return;
                index.Upsert(next);
                embedded++;
            }
        }
        if (embedded > 0) logger.LogInformation("Embedded {Count} listings for semantic search", embedded);
    }
}
