using Azure;
using Azure.Data.Tables;
using Marketplace.Storage;

namespace Marketplace.Workflows;

/// <summary>
/// The WorkflowRuns table, partition = tenant: a row per run (<c>run|{runId}</c>, ids sort newest first) with its
/// workflow and state as columns for filtering, and a row per step (<c>s|{runId}|{path}</c>).
/// </summary>
public sealed class RunStore(Tables tables)
{
    TableClient Table => tables.Get(Tables.WorkflowRunsTable);

    /// <summary>
    /// First rows of steps of one tenant (its partition) added while its previous add is in flight go into one
    /// entity-group transaction: a fan-out's branches, or concurrent runs' steps, share a round trip. A lone row is
    /// added on its own, and a failed batch is retried one row at a time, so a row that already exists fails alone
    /// with the 409 its caller expects.
    /// </summary>
    readonly Billing.GroupCommit<TableEntity, bool> stepAdds = new(async (_, batch) =>
    {
        var table = tables.Get(Tables.WorkflowRunsTable);
        if (batch.Count == 1) await table.AddEntityAsync(batch[0], CancellationToken.None);
        else await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), CancellationToken.None);
        return batch.Select(_ => true).ToList();
    }, 32);

    static string RunRow(string runId) => "run|" + runId;

    // Row keys may not hold '/', which step paths use for nesting.
    static string StepRow(string runId, string path) => $"s|{runId}|{path.Replace('/', '>')}";

    static TableEntity RunEntity(WorkflowRun run)
    {
        var e = TableJson.Entity(run.TenantId, RunRow(run.RunId), run);
        e["WorkflowId"] = run.WorkflowId;
        e["State"] = run.State.ToString();
        return e;
    }

    static string KeyRow(string workflowId, string key) => $"idem|{workflowId}|{Security.Sha256.Hex(key)[..32]}";

    /// <summary>
    /// Saves a new run; with an idempotency key, the run and the key's row are written in one transaction, and when
    /// the key was used before, the run it started is returned instead.
    /// </summary>
    public async Task<WorkflowRun> CreateAsync(WorkflowRun run, CancellationToken ct)
    {
        if (run.IdempotencyKey is not { } key)
        {
            await Table.AddEntityAsync(RunEntity(run), ct);
            return run;
        }
        var keyRow = new TableEntity(run.TenantId, KeyRow(run.WorkflowId, key)) { ["RunId"] = run.RunId };
        try
        {
            await Table.SubmitTransactionAsync([new(TableTransactionActionType.Add, RunEntity(run)), new(TableTransactionActionType.Add, keyRow)], ct);
            return run;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            var existing = await Table.GetEntityAsync<TableEntity>(run.TenantId, keyRow.RowKey, cancellationToken: ct);
            return await GetAsync(run.TenantId, existing.Value.GetString("RunId"), ct) ?? throw new InvalidOperationException("An idempotency key points to a missing run.");
        }
    }

    /// <summary>Takes back a run whose orchestration could not be scheduled (and its idempotency key).</summary>
    public async Task DeleteAsync(WorkflowRun run, CancellationToken ct)
    {
        await Table.DeleteEntityAsync(run.TenantId, RunRow(run.RunId), ETag.All, ct);
        if (run.IdempotencyKey is { } key) await Table.DeleteEntityAsync(run.TenantId, KeyRow(run.WorkflowId, key), ETag.All, ct);
    }

    public async Task<WorkflowRun?> GetAsync(string tenantId, string runId, CancellationToken ct) =>
        await Tables.FindAsync<TableEntity>(Table, tenantId, RunRow(runId), ct) is { } e ? TableJson.Read<WorkflowRun>(e) : null;


    /// <summary>Whether the run has ended (or is gone): its steps start no more work.</summary>
    public async Task<bool> IsOverAsync(string tenantId, string runId, CancellationToken ct) =>
        await GetAsync(tenantId, runId, ct) is not { } run || run.State.IsFinished();

    /// <summary>Marks a pending run running, reading it once; returns the run as it now is, or null if it is gone.</summary>
    public async Task<WorkflowRun?> StartAsync(string tenantId, string runId, DateTimeOffset now, CancellationToken ct)
    {
        var e = await Tables.FindAsync<TableEntity>(Table, tenantId, RunRow(runId), ct);
        if (e is null) return null;
        var run = TableJson.Read<WorkflowRun>(e);
        if (run.State != RunState.Pending) return run;
        var running = run with { State = RunState.Running, UpdatedAt = now };
        try
        {
            await Table.UpdateEntityAsync(RunEntity(running), e.ETag, TableUpdateMode.Replace, ct);
            return running;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            // Changed since the read (cancelled, say): start it only if it is still pending.
            return await UpdateAsync(tenantId, runId, r => r.State == RunState.Pending ? r with { State = RunState.Running, UpdatedAt = now } : r, ct);
        }
    }

    /// <summary>Applies <paramref name="change"/> until it sticks; returning the same instance writes nothing.</summary>
    public async Task<WorkflowRun?> UpdateAsync(string tenantId, string runId, Func<WorkflowRun, WorkflowRun> change, CancellationToken ct)
    {
        while (true)
        {
            var e = await Tables.FindAsync<TableEntity>(Table, tenantId, RunRow(runId), ct);
            if (e is null) return null;
            var current = TableJson.Read<WorkflowRun>(e);
            var next = change(current);
            if (ReferenceEquals(next, current)) return current;
            try
            {
                await Table.UpdateEntityAsync(RunEntity(next), e.ETag, TableUpdateMode.Replace, ct);
                return next;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
            }
        }
    }

    public async Task<RunPage> ListAsync(string tenantId, string? workflowId, RunState? state, int pageSize, string? cursor, CancellationToken ct)
    {
        var filter = Tables.PrefixFilter(tenantId, "run|");
        if (workflowId is not null) filter += " and " + TableClient.CreateQueryFilter($"WorkflowId eq {workflowId}");
        if (state is { } s) filter += " and " + TableClient.CreateQueryFilter($"State eq {s.ToString()}");
        await foreach (var page in Table.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: ct).AsPages(cursor, pageSize))
            return new RunPage(page.Values.Select(TableJson.Read<WorkflowRun>).ToList(), page.ContinuationToken);
        return new RunPage([], null);
    }

    public async Task<RunStep?> GetStepAsync(string tenantId, string runId, string path, CancellationToken ct) =>
        await Tables.FindAsync<TableEntity>(Table, tenantId, StepRow(runId, path), ct) is { } e ? TableJson.Read<RunStep>(e) : null;

    public async Task<IReadOnlyList<RunStep>> StepsAsync(string tenantId, string runId, CancellationToken ct) =>
        (await TableJson.QueryAsync<RunStep>(Table, Tables.PrefixFilter(tenantId, $"s|{runId}|"), ct)).OrderBy(s => s.StartedAt).ThenBy(s => s.StepPath, StringComparer.Ordinal).ToList();

    /// <summary>Applies <paramref name="change"/> to the step (null when it has no row yet) until it sticks.</summary>
    /// <param name="seenAbsent">
    /// The caller has just read the step and found no row: the first try adds one without reading again, the common
    /// case of a step's first attempt; a row that appeared since makes the add fail and the usual read-and-replace follow.
    /// </param>
    public async Task<RunStep?> ChangeStepAsync(string tenantId, string runId, string path, Func<RunStep?, RunStep?> change, CancellationToken ct, bool seenAbsent = false)
    {
        if (seenAbsent && change(null) is { } first)
        {
            try
            {
                await stepAdds.SubmitAsync(tenantId, TableJson.Entity(tenantId, StepRow(runId, path), first), ct);
                return first;
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
            }
        }
        while (true)
        {
            var e = await Tables.FindAsync<TableEntity>(Table, tenantId, StepRow(runId, path), ct);
            var current = e is null ? null : TableJson.Read<RunStep>(e);
            var next = change(current);
            if (next is null || ReferenceEquals(next, current)) return current;
            try
            {
                var entity = TableJson.Entity(tenantId, StepRow(runId, path), next);
                if (e is null) await Table.AddEntityAsync(entity, ct);
                else await Table.UpdateEntityAsync(entity, e.ETag, TableUpdateMode.Replace, ct);
                return next;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
            }
        }
    }
}
