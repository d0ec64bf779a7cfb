using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Marketplace.Storage;

namespace Marketplace.Workflows;

/// <summary>
/// The Workflows table, partition = tenant: one summary row per workflow (<c>wf|{id}</c>) and one row per version
/// (<c>v|{id}|{version:D6}</c>). Summary and version are written in one entity-group transaction, so a definition
/// is either saved whole or not at all. A version some run has used never changes again, so each instance keeps the
/// ones it has read: a run's start and its load then read no version row (a bounded number, dropped all at once when
/// full).
/// </summary>
public sealed class WorkflowStore(Tables tables)
{
    const int MaxVersionsHeld = 1_000;
    readonly ConcurrentDictionary<string, (WorkflowVersion Version, ETag ETag)> usedVersions = new(StringComparer.Ordinal);

    TableClient Table => tables.Get(Tables.WorkflowsTable);

    static string SummaryRow(string id) => "wf|" + id;
    static string VersionRow(string id, int version) => $"v|{id}|{version:D6}";

    public async Task<(WorkflowSummary Summary, ETag ETag)?> GetAsync(string tenantId, string id, CancellationToken ct) =>
        await Tables.FindAsync<TableEntity>(Table, tenantId, SummaryRow(id), ct) is { } e ? (TableJson.Read<WorkflowSummary>(e), e.ETag) : null;

    public async Task<(WorkflowVersion Version, ETag ETag)?> GetVersionAsync(string tenantId, string id, int version, CancellationToken ct)
    {
        var key = $"{tenantId}|{VersionRow(id, version)}";
        if (usedVersions.TryGetValue(key, out var held)) return held;
        if (await Tables.FindAsync<TableEntity>(Table, tenantId, VersionRow(id, version), ct) is not { } e) return null;
        var read = (TableJson.Read<WorkflowVersion>(e), e.ETag);
        if (read.Item1.InUse) Hold(key, read);
        return read;
    }

    void Hold(string key, (WorkflowVersion Version, ETag ETag) version)
    {
        if (usedVersions.Count >= MaxVersionsHeld) usedVersions.Clear();
        usedVersions[key] = version;
    }

    public async Task<IReadOnlyList<WorkflowSummary>> ListAsync(string tenantId, CancellationToken ct) =>
        await TableJson.QueryAsync<WorkflowSummary>(Table, Tables.PrefixFilter(tenantId, "wf|"), ct);

    public async Task<IReadOnlyList<WorkflowVersion>> VersionsAsync(string tenantId, string id, CancellationToken ct) =>
        await TableJson.QueryAsync<WorkflowVersion>(Table, Tables.PrefixFilter(tenantId, $"v|{id}|"), ct);

    /// <summary>Saves a new workflow with its first version; false when the id is taken.</summary>
    public async Task<bool> CreateAsync(WorkflowSummary summary, WorkflowVersion first, CancellationToken ct) =>
        await SubmitAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Add, TableJson.Entity(summary.TenantId, SummaryRow(summary.WorkflowId), summary)),
            new TableTransactionAction(TableTransactionActionType.Add, TableJson.Entity(first.TenantId, VersionRow(first.WorkflowId, first.Version), first)),
        ], ct);

    /// <summary>Adds a version and moves the summary to it, if the summary is still the one read (else false).</summary>
    public async Task<bool> AddVersionAsync(WorkflowSummary summary, ETag read, WorkflowVersion version, CancellationToken ct) =>
        await SubmitAsync(
        [
            new TableTransactionAction(TableTransactionActionType.UpdateReplace, TableJson.Entity(summary.TenantId, SummaryRow(summary.WorkflowId), summary), read),
            new TableTransactionAction(TableTransactionActionType.Add, TableJson.Entity(version.TenantId, VersionRow(version.WorkflowId, version.Version), version)),
        ], ct);

    /// <summary>Replaces a version as read (used to mark it in use, or to rewrite one no run has used); false if it changed.</summary>
    public async Task<bool> ReplaceVersionAsync(WorkflowVersion version, ETag read, WorkflowSummary? summary, ETag? summaryRead, CancellationToken ct)
    {
        List<TableTransactionAction> actions =
            [new(TableTransactionActionType.UpdateReplace, TableJson.Entity(version.TenantId, VersionRow(version.WorkflowId, version.Version), version), read)];
        if (summary is not null)
            actions.Add(new(TableTransactionActionType.UpdateReplace, TableJson.Entity(summary.TenantId, SummaryRow(summary.WorkflowId), summary), summaryRead!.Value));
        return await SubmitAsync(actions, ct);
    }

    public async Task<bool> ReplaceSummaryAsync(WorkflowSummary summary, ETag read, CancellationToken ct) =>
        await SubmitAsync([new(TableTransactionActionType.UpdateReplace, TableJson.Entity(summary.TenantId, SummaryRow(summary.WorkflowId), summary), read)], ct);

    async Task<bool> SubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken ct)
    {
        try
        {
            await Table.SubmitTransactionAsync(actions, ct);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }
}
