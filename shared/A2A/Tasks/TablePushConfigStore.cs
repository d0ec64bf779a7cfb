using Azure.Data.Tables;
using Marketplace.A2A.Protocol;
using Marketplace.Storage;

namespace Marketplace.A2A.Tasks;

/// <summary>PushConfigs table: partition = tenant, row = <c>{taskId}|{configId}</c>.</summary>
public sealed class TablePushConfigStore(Tables tables) : IPushConfigStore
{
    TableClient Table => tables.Get(Tables.PushConfigsTable);

    public Task SaveAsync(string tenantId, TaskPushNotificationConfig config, CancellationToken ct) =>
        TableJson.UpsertAsync(Table, tenantId, Row(config.TaskId!, config.Id!), config, ct);

    public async Task<TaskPushNotificationConfig?> GetAsync(string tenantId, string taskId, string configId, CancellationToken ct)
    {
        var e = await Tables.FindAsync<TableEntity>(Table, tenantId, Row(taskId, configId), ct);
        return e is null ? null : TableJson.Read<TaskPushNotificationConfig>(e);
    }

    public async Task<IReadOnlyList<TaskPushNotificationConfig>> ListAsync(string tenantId, string taskId, CancellationToken ct)
    {
        var (from, to) = ($"{taskId}|", $"{taskId}|~");
        var configs = new List<TaskPushNotificationConfig>();
        await foreach (var e in Table.QueryAsync<TableEntity>(x => x.PartitionKey == tenantId && x.RowKey.CompareTo(from) > 0 && x.RowKey.CompareTo(to) < 0, cancellationToken: ct))
            configs.Add(TableJson.Read<TaskPushNotificationConfig>(e));
        return configs;
    }

    public Task<bool> DeleteAsync(string tenantId, string taskId, string configId, CancellationToken ct) =>
        Tables.TryDeleteAsync(Table, tenantId, Row(taskId, configId), ct);

    static string Row(string taskId, string configId) => $"{taskId}|{configId}";
}
