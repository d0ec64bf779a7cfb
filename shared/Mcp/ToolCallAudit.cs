using System.Text.Json;
using Azure.Data.Tables;
using Marketplace.Billing;
using Marketplace.Security;
using Marketplace.Storage;

namespace Marketplace.Mcp;

/// <summary>How a call ended: run and succeeded, run and failed, or refused before running (and why).</summary>
public enum ToolCallOutcome
{
    Ok,
    Error,
    InvalidArguments,
    RateLimited,
    Blocked,
    InsufficientCredits,
    QuotaExceeded,
}

/// <summary>One audited tool call: who called what, a hash of the arguments (never the arguments), how it went.</summary>
public sealed record ToolCallRecord(string TenantId, string Tool, string? Principal, string ArgumentsHash, ToolCallOutcome Outcome, double LatencyMs, DateTimeOffset At)
{
    public bool IsError => Outcome != ToolCallOutcome.Ok;
}

/// <summary>Per-tool call statistics over the audited calls of a window.</summary>
public sealed record ToolMetrics(string Tool, int Calls, int Errors, double? P50Ms, double? P95Ms, double? P99Ms, DateTimeOffset Since);

/// <summary>
/// ToolCalls table: partition = tenant, rows newest first (inverted time), one per call. Per-tool metrics are read
/// back from it, so they agree with the audit trail by construction. A call's row is durable before its answer goes
/// out; the rows of one tenant's concurrent calls are written together (<see cref="GroupCommit{TItem,TResult}"/>):
/// one entity-group transaction of up to 100 rows while the previous one is in flight, a lone row at once.
/// </summary>
public sealed class ToolCallAudit
{
    const int MaxBatch = 100;
    readonly Tables tables;
    readonly GroupCommit<TableEntity, bool> commits;

    public ToolCallAudit(Tables tables)
    {
        this.tables = tables;
        commits = new GroupCommit<TableEntity, bool>(CommitAsync, MaxBatch);
    }

    TableClient Table => tables.Get(Tables.ToolCallsTable);

    public static string HashArguments(IReadOnlyDictionary<string, JsonElement> arguments) =>
        Sha256.Hex(JsonSerializer.Serialize(arguments.OrderBy(a => a.Key, StringComparer.Ordinal)));

    public Task RecordAsync(ToolCallRecord call, CancellationToken ct) => commits.SubmitAsync(call.TenantId, Row(call), ct);

    async Task<IReadOnlyList<bool>> CommitAsync(string tenantId, IReadOnlyList<TableEntity> rows)
    {
        if (rows.Count > 1) await Table.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)));
        else
        {
            try
            {
                await Table.AddEntityAsync(rows[0]);
            }
            // A row's key is fixed when the call is recorded, so a batch that committed but failed to answer, retried row
            // by row, finds its rows there: each call is audited once.
            catch (Azure.RequestFailedException ex) when (ex.Status == 409)
            {
            }
        }
        return [.. rows.Select(_ => true)];
    }

    static TableEntity Row(ToolCallRecord call) => new(call.TenantId, $"{DateTimeOffset.MaxValue.UtcTicks - call.At.UtcTicks:D19}-{Guid.NewGuid():N}")
    {
        ["Tool"] = call.Tool,
        ["Principal"] = call.Principal,
        ["Outcome"] = JsonNamingPolicy.KebabCaseLower.ConvertName(call.Outcome.ToString()),
        ["ArgumentsHash"] = call.ArgumentsHash,
        ["IsError"] = call.IsError,
        ["LatencyMs"] = call.LatencyMs,
        ["At"] = call.At,
    };

    public async Task<ToolMetrics> MetricsAsync(string tenantId, string tool, DateTimeOffset since, CancellationToken ct)
    {
        var latencies = new List<double>();
        var errors = 0;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and Tool eq {tool} and At ge {since}");
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, select: ["LatencyMs", "IsError"], cancellationToken: ct))
        {
            latencies.Add(e.GetDouble("LatencyMs") ?? 0);
            if (e.GetBoolean("IsError") == true) errors++;
        }
        latencies.Sort();
        double? At(double p) => latencies.Count == 0 ? null : Math.Round(latencies[Math.Clamp((int)Math.Ceiling(p * latencies.Count) - 1, 0, latencies.Count - 1)], 2);
        return new ToolMetrics(tool, latencies.Count, errors, At(0.50), At(0.95), At(0.99), since);
    }
}
