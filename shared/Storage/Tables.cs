using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace Marketplace.Storage;

/// <summary>Every table the marketplace uses, created at start-up.</summary>
public sealed class Tables(TableServiceClient service, IOptions<StorageOptions> options)
{
    public const string TenantsTable = "Tenants";
    public const string ApiKeysTable = "ApiKeys";
    public const string AgentsTable = "Agents";
    public const string AgentDirectoryTable = "AgentDirectory";
    public const string TasksTable = "Tasks";
    public const string PushConfigsTable = "PushConfigs";
    public const string ToolsTable = "Tools";
    public const string ToolCallsTable = "ToolCalls";
    public const string McpServersTable = "McpServers";
    public const string RateLimitsTable = "RateLimits";
    public const string BillingTable = "Billing";
    public const string AnalyticsTable = "Analytics";
    public const string ReviewsTable = "Reviews";
    public const string WorkflowsTable = "Workflows";
    public const string WorkflowRunsTable = "WorkflowRuns";
    public const string WebhooksTable = "Webhooks";
    public const string WebhookDeliveriesTable = "WebhookDeliveries";
    public const string PrincipalsTable = "Principals";
    public const string MembersTable = "Members";
    public const string MembershipsTable = "Memberships";
    public const string InvitationsTable = "Invitations";
    public const string AuditTable = "Audit";

    public static IReadOnlyList<string> All { get; } = [TenantsTable, ApiKeysTable, AgentsTable, AgentDirectoryTable, TasksTable, PushConfigsTable, ToolsTable, ToolCallsTable, McpServersTable, RateLimitsTable, BillingTable, AnalyticsTable, ReviewsTable, WorkflowsTable, WorkflowRunsTable, WebhooksTable, WebhookDeliveriesTable, PrincipalsTable, MembersTable, MembershipsTable, InvitationsTable, AuditTable];

    public TableServiceClient Service => service;

    public TableClient Get(string name) => service.GetTableClient(options.Value.Table(name));

    public async Task CreateAllAsync(CancellationToken ct)
    {
        foreach (var name in All) await Get(name).CreateIfNotExistsAsync(ct);
    }

    /// <summary>Inserts an entity; false when its key already exists.</summary>
    public static async Task<bool> TryAddAsync(TableClient table, ITableEntity entity, CancellationToken ct)
    {
        try
        {
            await table.AddEntityAsync(entity, ct);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Deletes an entity; false when there was none (the SDK itself reports deleting a missing entity as success).</summary>
    public static async Task<bool> TryDeleteAsync(TableClient table, string partitionKey, string rowKey, CancellationToken ct)
    {
        var existing = await FindAsync<TableEntity>(table, partitionKey, rowKey, ct);
        if (existing is null) return false;
        await table.DeleteEntityAsync(partitionKey, rowKey, existing.ETag, ct);
        return true;
    }

    /// <summary>In a transaction: insert a new row, or replace the one read with this ETag (failing if it changed since).</summary>
    public static TableTransactionAction AddOrReplace(TableEntity entity, ETag? readETag) => readETag is { } etag
        ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, etag)
        : new TableTransactionAction(TableTransactionActionType.Add, entity);

    /// <summary>The rows of a partition whose key starts with <paramref name="prefix"/> (a key range, so the query stays in the partition).</summary>
    public static string PrefixFilter(string partitionKey, string prefix) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + (char)(prefix[^1] + 1)}");

    public static async Task<T?> FindAsync<T>(TableClient table, string partitionKey, string rowKey, CancellationToken ct)
        where T : class, ITableEntity
    {
        // No entity can have such a key, and the service would answer the look-up with an error, not a miss.
        if (!Tenancy.Ids.IsTableKeySafe(partitionKey) || !Tenancy.Ids.IsTableKeySafe(rowKey)) return null;
        var response = await table.GetEntityIfExistsAsync<T>(partitionKey, rowKey, cancellationToken: ct);
        return response.HasValue ? response.Value : null;
    }
}
