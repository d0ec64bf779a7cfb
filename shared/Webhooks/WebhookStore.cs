using Azure;
using Azure.Data.Tables;
using Marketplace.Caching;
using Marketplace.Storage;
using Microsoft.Extensions.Options;

namespace Marketplace.Webhooks;

/// <summary>
/// Webhooks (partition: tenant) and their delivery logs (partition: tenant and webhook), in Table storage. A log row
/// keeps the body it sent, so one event can be sent again; its key starts with inverted ticks, so a partition reads
/// newest first.
/// </summary>
public sealed class WebhookStore(Tables tables, WebhookSecrets secrets, IOptions<ReadCacheOptions> cacheOptions, TimeProvider clock) : IDisposable
{
    const string SecretProperty = "Secret";

    // Every integration event of a tenant asks which of its webhooks want it: served from this instance's copy, so
    // a busy tenant's events cost no read each. A change here is seen at once; one on another instance within the
    // copy's freshness (ReadCacheOptions.FreshFor), so a webhook added there may miss that long of events.
    readonly ReadCache<IReadOnlyList<Webhook>> subscriptions = new(cacheOptions.Value, clock);
    const string PayloadProperty = "Payload";

    TableClient Hooks => tables.Get(Tables.WebhooksTable);
    TableClient Log => tables.Get(Tables.WebhookDeliveriesTable);

    public async Task AddAsync(Webhook webhook, string secret, CancellationToken ct)
    {
        var entity = TableJson.Entity(webhook.TenantId, webhook.Id, webhook);
        entity[SecretProperty] = await secrets.ProtectAsync(webhook.TenantId, webhook.Id, secret, ct);
        await Hooks.AddEntityAsync(entity, ct);
        subscriptions.Forget(webhook.TenantId);
    }

    public async Task<Webhook?> GetAsync(string tenantId, string id, CancellationToken ct) =>
        await Tables.FindAsync<TableEntity>(Hooks, tenantId, id, ct) is { } e ? TableJson.Read<Webhook>(e) : null;

    /// <summary>The webhook and its secret, for signing a delivery; null when it is gone.</summary>
    public async Task<(Webhook Webhook, string Secret)?> GetForDeliveryAsync(string tenantId, string id, CancellationToken ct)
    {
        if (await Tables.FindAsync<TableEntity>(Hooks, tenantId, id, ct) is not { } e) return null;
        return (TableJson.Read<Webhook>(e), await secrets.UnprotectAsync(tenantId, id, e.GetString(SecretProperty), ct));
    }

    public async Task<IReadOnlyList<Webhook>> ListAsync(string tenantId, CancellationToken ct) =>
        (await TableJson.QueryAsync<Webhook>(Hooks, TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"), ct))
            .OrderBy(w => w.CreatedAt).ThenBy(w => w.Id, StringComparer.Ordinal).ToList();

    /// <summary>The tenant's webhooks for fanning an event out: at most the cache's freshness old (see above).</summary>
    public async Task<IReadOnlyList<Webhook>> SubscriptionsAsync(string tenantId, CancellationToken ct) =>
        await subscriptions.GetAsync(tenantId, async c => await ListAsync(tenantId, c), ct) ?? [];

    /// <summary>Applies <paramref name="change"/> until it sticks (ETag concurrency); the secret stays as stored.</summary>
    public async Task<Webhook?> ChangeAsync(string tenantId, string id, Func<Webhook, Webhook> change, CancellationToken ct)
    {
        while (true)
        {
            if (await Tables.FindAsync<TableEntity>(Hooks, tenantId, id, ct) is not { } e) return null;
            var current = TableJson.Read<Webhook>(e);
            var next = change(current);
            if (next == current) return current;
            TableJson.Write(e, next);
            try
            {
                await Hooks.UpdateEntityAsync(e, e.ETag, TableUpdateMode.Replace, ct);
                subscriptions.Forget(tenantId);
                return next;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
            }
        }
    }

    /// <summary>Removes the webhook and its delivery log; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string tenantId, string id, CancellationToken ct)
    {
        if (!await Tables.TryDeleteAsync(Hooks, tenantId, id, ct)) return false;
        subscriptions.Forget(tenantId);
        await foreach (var row in Log.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {LogPartition(tenantId, id)}"), select: ["PartitionKey", "RowKey"], cancellationToken: ct))
            await Log.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, ct);
        return true;
    }

    public static string NewAttemptId(DateTimeOffset at) =>
        $"{DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks:D19}{Tenancy.Ids.Random(6)}";

    public async Task AddAttemptAsync(string tenantId, WebhookAttempt attempt, string payload, CancellationToken ct)
    {
        var entity = TableJson.Entity(LogPartition(tenantId, attempt.WebhookId), attempt.Id, attempt);
        entity[PayloadProperty] = payload;
        await Log.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct);
    }

    /// <summary>
    /// Deletes the tries logged before <paramref name="cutoff"/>; returns how many. Row keys are inverted ticks, so
    /// the old rows are one key range at the end of the partition, deleted in entity-group batches.
    /// </summary>
    public async Task<int> PruneLogAsync(string tenantId, string webhookId, DateTimeOffset cutoff, CancellationToken ct)
    {
        var oldest = $"{DateTimeOffset.MaxValue.UtcTicks - cutoff.UtcTicks:D19}";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {LogPartition(tenantId, webhookId)} and RowKey gt {oldest}");
        var rows = new List<TableEntity>();
        await foreach (var row in Log.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: ct))
            rows.Add(row);
        // An entity-group transaction holds at most 100 operations.
        foreach (var chunk in rows.Chunk(100))
            await Log.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), ct);
        return rows.Count;
    }

    /// <summary>One logged try and the body it sent.</summary>
    public async Task<(WebhookAttempt Attempt, string Payload)?> GetAttemptAsync(string tenantId, string webhookId, string attemptId, CancellationToken ct) =>
        await Tables.FindAsync<TableEntity>(Log, LogPartition(tenantId, webhookId), attemptId, ct) is { } e
            ? (TableJson.Read<WebhookAttempt>(e), e.GetString(PayloadProperty))
            : null;

    public async Task<WebhookDeliveryPage> AttemptsAsync(string tenantId, string webhookId, int pageSize, string? cursor, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {LogPartition(tenantId, webhookId)}");
        await foreach (var page in Log.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: ct).AsPages(cursor, pageSize))
            return new WebhookDeliveryPage(page.Values.Select(TableJson.Read<WebhookAttempt>).ToList(), page.ContinuationToken);
        return new WebhookDeliveryPage([], null);
    }

    static string LogPartition(string tenantId, string webhookId) => $"{tenantId}|{webhookId}";

    public void Dispose() => subscriptions.Dispose();
}
