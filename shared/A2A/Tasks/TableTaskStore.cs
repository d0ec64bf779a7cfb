using Azure;
using Azure.Data.Tables;
using Marketplace.A2A.Protocol;
using Marketplace.Storage;

namespace Marketplace.A2A.Tasks;

/// <summary>Tasks table: partition = tenant, row = task id (newest first by construction of the id).</summary>
public sealed class TableTaskStore(Tables tables) : ITaskStore
{
    TableClient Table => tables.Get(Tables.TasksTable);

    public Task CreateAsync(GatewayTask task, CancellationToken ct) => Table.AddEntityAsync(Entity(task), ct);

    public async Task<StoredTask?> GetAsync(string tenantId, string taskId, CancellationToken ct)
    {
        var e = await Tables.FindAsync<TableEntity>(Table, tenantId, taskId, ct);
        return e is null ? null : new StoredTask(TableJson.Read<GatewayTask>(e), e.ETag.ToString());
    }

    public async Task<string?> ReplaceAsync(GatewayTask task, string storeETag, CancellationToken ct)
    {
        try
        {
            var response = await Table.UpdateEntityAsync(Entity(task), new ETag(storeETag), TableUpdateMode.Replace, ct);
            return response.Headers.ETag?.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
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
            tasks.AddRange(page.Values.Select(TableJson.Read<GatewayTask>));
            next = page.ContinuationToken;
            if (tasks.Count >= query.PageSize || next is null) break;
        }
        var total = 0;
        await foreach (var _ in Table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: ct)) total++;
        return new TaskPage(tasks, next, total);
    }

    static TableEntity Entity(GatewayTask task)
    {
        var e = new TableEntity(task.TenantId, task.TaskId)
        {
            ["AgentId"] = task.AgentId,
            ["ContextId"] = task.ContextId,
            ["State"] = task.State.ToString(),
            ["StatusAt"] = task.Task.Status.Timestamp ?? task.UpdatedAt,
        };
        TableJson.Write(e, task);
        return e;
    }
}
