using System.Collections.Concurrent;
using Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Webhooks;

/// <summary>
/// Keeps each webhook's delivery log within <see cref="WebhookOptions.LogRetention"/>: after a try is logged, the
/// webhook's expired tries are deleted, at most once an hour per webhook and instance, so a busy webhook pays one
/// range query an hour rather than one per delivery. A webhook that stops receiving events keeps its last rows
/// until it is deleted (which removes its whole log).
/// </summary>
public sealed class WebhookLogPruning(WebhookStore store, IOptions<WebhookOptions> options, TimeProvider clock, ILogger<WebhookLogPruning> logger)
{
    static readonly TimeSpan Every = TimeSpan.FromHours(1);

    // Bounded: forgetting every entry only means one extra prune per webhook.
    const int MaxRemembered = 10_000;

    readonly ConcurrentDictionary<(string Tenant, string Webhook), DateTimeOffset> lastPruned = new();

    public async Task AfterTryAsync(string tenantId, string webhookId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var key = (tenantId, webhookId);
        if (lastPruned.TryGetValue(key, out var last) && now - last < Every) return;
        if (lastPruned.Count >= MaxRemembered) lastPruned.Clear();
        lastPruned[key] = now;
        try
        {
            await store.PruneLogAsync(tenantId, webhookId, now - options.Value.LogRetention, ct);
        }
        catch (RequestFailedException e)
        {
            // The try itself is sent and logged: failing its message now would send the event again. The next
            // prune, an hour on, takes what this one left.
            logger.LogWarning(e, "Pruning the delivery log of webhook {WebhookId} of tenant {TenantId} failed", webhookId, tenantId);
        }
    }
}
