using Marketplace.Serialization;
using Azure;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Marketplace.Http;
using Microsoft.Extensions.Options;
using Marketplace.A2A.Protocol;
using Marketplace.Storage;

namespace Marketplace.A2A.Tasks;

/// <summary>
/// Tasks table: partition = tenant, row = task id (newest first by construction of the id). A task whose document
/// outgrows what an entity holds (large artifacts) is written to blob storage, one blob per version, and the entity
/// points at it; the entity stays the commit point, so concurrency works the same either way.
/// </summary>
public sealed class TableTaskStore(Tables tables, BlobServiceClient blobs, IOptions<StorageOptions> storage) : ITaskStore
{
    /// <summary>Characters of JSON kept in the entity itself (an entity holds at most 1 MiB of UTF-16).</summary>
    public const int MaxInlineChars = 256 * 1024;

    const string BlobRefProperty = "BlobRef";

    TableClient Table => tables.Get(Tables.TasksTable);

    BlobContainerClient Container => blobs.GetBlobContainerClient(storage.Value.Container("task-documents"));

    public async Task CreateAsync(GatewayTask task, CancellationToken ct) => await Table.AddEntityAsync(await EntityAsync(task, ct), ct);

    // Hand-off records live beside their task, in the tenant's partition, so one entity-group transaction (a single
    // round trip) writes both. Their rows never carry an AgentId, so task listings never see them.
    const string HandOffRowPrefix = "handoff|";

    public async Task CreateAsync(GatewayTask task, TaskHandOff handOff, CancellationToken ct)
    {
        var entity = await EntityAsync(task, ct);
        TableTransactionAction[] actions =
            [new TableTransactionAction(TableTransactionActionType.Add, entity), new TableTransactionAction(TableTransactionActionType.Add, HandOffEntity(handOff))];
        // A transaction carries at most 4 MiB: a task past one document chunk (30,000 characters) commits alone.
        if (entity.GetString(BlobRefProperty) is not null || entity.GetInt32("DocChunks") is > 1)
            await Table.SubmitTransactionAsync(actions, ct);
        else
            await creates.SubmitAsync(task.TenantId, actions, ct);
    }

    static string HandOffRow(TaskHandOff handOff) => $"{HandOffRowPrefix}{handOff.TaskId}|{handOff.Id}";

    static TableEntity HandOffEntity(TaskHandOff handOff) => new(handOff.TenantId, HandOffRow(handOff))
    {
        ["TaskId"] = handOff.TaskId,
        ["HandOffId"] = handOff.Id,
        ["Kind"] = handOff.Kind.ToString(),
        ["DueAt"] = handOff.DueAt,
        ["Usage"] = handOff.Usage is { } usage ? JsonSerializer.Serialize(usage, Json.Lenient) : null,
    };

    static TaskHandOff ReadHandOff(TableEntity e, DateTimeOffset now) =>
        new(e.PartitionKey, e.GetString("TaskId"), e.GetString("HandOffId"), Enum.Parse<HandOffKind>(e.GetString("Kind")), e.GetDateTimeOffset("DueAt") ?? now)
        {
            Usage = e.GetString("Usage") is { } usage ? JsonSerializer.Deserialize<Billing.UsageEvent>(usage, Json.Lenient) : null,
        };

    /// <summary>
    /// Creates of one tenant issued while its previous create is in flight go into one entity-group transaction
    /// (two operations each, at most 100 to a transaction), so concurrent callers of a tenant share a round trip.
    /// A failed batch is retried one create at a time, so a bad create fails alone.
    /// </summary>
    readonly Billing.GroupCommit<TableTransactionAction[], bool> creates = new(async (_, batch) =>
    {
        await tables.Get(Tables.TasksTable).SubmitTransactionAsync(batch.SelectMany(a => a), CancellationToken.None);
        return batch.Select(_ => true).ToList();
    }, 50);


    public async Task<IReadOnlyList<TaskHandOff>> ListDueHandOffsAsync(DateTimeOffset now, int max, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey ge {HandOffRowPrefix} and RowKey lt {HandOffRowPrefix[..^1] + "}"} and DueAt le {now}");
        var due = new List<TaskHandOff>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, max, cancellationToken: ct))
        {
            due.Add(ReadHandOff(e, now));
            if (due.Count >= max) break;
        }
        return due;
    }

    public Task RemoveHandOffAsync(TaskHandOff handOff, CancellationToken ct) => Tables.TryDeleteAsync(Table, handOff.TenantId, HandOffRow(handOff), ct);

    public async Task RemoveHandOffsAsync(IReadOnlyList<TaskHandOff> handOffs, CancellationToken ct)
    {
        foreach (var tenant in handOffs.GroupBy(h => h.TenantId))
            foreach (var chunk in tenant.Chunk(100))
            {
                try
                {
                    await Table.SubmitTransactionAsync(chunk.Select(h => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(h.TenantId, HandOffRow(h)), ETag.All)), ct);
                }
                catch (TableTransactionFailedException ex) when (ex.Status == 404)
                {
                    // One was already removed (by a sweeper): the transaction removed none, so remove them one by one.
                    foreach (var handOff in chunk) await RemoveHandOffAsync(handOff, ct);
                }
            }
    }

    public async Task<StoredTask?> GetAsync(string tenantId, string taskId, CancellationToken ct)
    {
        var e = await Tables.FindAsync<TableEntity>(Table, tenantId, taskId, ct);
        if (e is null) return null;
        var blobRef = e.GetString(BlobRefProperty);
        var task = await ReadAsync(e, ct);
        // The token carries the blob this version lives in, so the replacing writer can remove it afterwards.
        return new StoredTask(task, blobRef is null ? e.ETag.ToString() : $"{e.ETag}|{blobRef}");
    }

    public Task<string?> ReplaceAsync(GatewayTask task, string storeETag, CancellationToken ct) => ReplaceAsync(task, storeETag, null, ct);

    public async Task<string?> ReplaceAsync(GatewayTask task, string storeETag, TaskHandOff? handOff, CancellationToken ct)
    {
        var (etag, previousBlob) = storeETag.Split('|') is [var t, var b] ? (t, b) : (storeETag, null);
        var entity = await EntityAsync(task, ct);
        try
        {
            string? written;
            if (handOff is null)
                written = (await Table.UpdateEntityAsync(entity, new ETag(etag), TableUpdateMode.Replace, ct)).Headers.ETag?.ToString();
            else
            {
                var responses = await Table.SubmitTransactionAsync(
                    [new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, new ETag(etag)), new TableTransactionAction(TableTransactionActionType.Add, HandOffEntity(handOff))], ct);
                written = responses.Value[0].Headers.ETag?.ToString();
            }
            if (previousBlob is not null) await Container.GetBlobClient(previousBlob).DeleteIfExistsAsync(cancellationToken: ct);
            return written;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            if (entity.GetString(BlobRefProperty) is { } written) await Container.GetBlobClient(written).DeleteIfExistsAsync(cancellationToken: ct);
            return null;
        }
    }

    public async Task<TaskPage> ListAsync(TaskQuery query, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {query.TenantId} and AgentId eq {query.AgentId}");
        if (query.ContextId is { } contextId) filter += " and " + TableClient.CreateQueryFilter($"ContextId eq {contextId}");
        if (query.State is { } state) filter += " and " + TableClient.CreateQueryFilter($"State eq {state.ToString()}");
        if (query.StatusAfter is { } after) filter += " and " + TableClient.CreateQueryFilter($"StatusAt gt {after}");

        var tasks = new List<GatewayTask>();
        string? next = null;
        await foreach (var page in Table.QueryAsync<TableEntity>(filter, query.PageSize, cancellationToken: ct).AsPages(query.PageToken, query.PageSize))
        {
            // Large tasks live in blobs: a listing reads them as GetAsync does, rather than the pointer-only entity.
            foreach (var entity in page.Values) tasks.Add(await ReadAsync(entity, ct));
            next = page.ContinuationToken;
            if (tasks.Count >= query.PageSize || next is null) break;
        }
        var total = 0;
        await foreach (var _ in Table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: ct)) total++;
        return new TaskPage(tasks, next, total);
    }

    async Task<GatewayTask> ReadAsync(TableEntity e, CancellationToken ct) =>
        e.GetString(BlobRefProperty) is { } blobRef
            ? (await Container.GetBlobClient(blobRef).DownloadContentAsync(ct)).Value.Content.ToObjectFromJson<GatewayTask>(Json.Lenient)!
            : TableJson.Read<GatewayTask>(e);

    async Task<TableEntity> EntityAsync(GatewayTask task, CancellationToken ct)
    {
        var e = new TableEntity(task.TenantId, task.TaskId)
        {
            ["AgentId"] = task.AgentId,
            ["ContextId"] = task.ContextId,
            ["State"] = task.State.ToString(),
            ["StatusAt"] = task.Task.Status.Timestamp ?? task.UpdatedAt,
        };
        var json = JsonSerializer.Serialize(task, Json.Lenient);
        if (json.Length <= MaxInlineChars)
        {
            TableJson.WriteJson(e, json);
            return e;
        }
        var blobRef = $"{task.TenantId}/{task.TaskId}/{Guid.NewGuid():N}.json";
        await Container.CreateIfNotExistsAsync(cancellationToken: ct);
        await Container.GetBlobClient(blobRef).UploadAsync(BinaryData.FromString(json), ct);
        e[BlobRefProperty] = blobRef;
        return e;
    }
}
