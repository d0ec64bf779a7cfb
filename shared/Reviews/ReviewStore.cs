using Azure.Data.Tables;
using Marketplace.Storage;

namespace Marketplace.Reviews;

/// <summary>
/// The Reviews table, partition = agent: each tenant's current review (<c>review|{tenant}</c>), every version it had
/// (<c>history|{tenant}|{version}</c>) and the agent's aggregate (<c>aggregate</c>). A change writes review, history
/// and aggregate in one entity-group transaction guarded by both ETags, so the aggregate is exact under concurrent
/// writers and a replayed change cannot count twice.
/// </summary>
public sealed class ReviewStore(Tables tables)
{
    const string AggregateRow = "aggregate";

    TableClient Table => tables.Get(Tables.ReviewsTable);

    static string ReviewRow(string tenantId) => "review|" + tenantId;

    public async Task<Review?> GetAsync(string agentId, string tenantId, CancellationToken ct) =>
        await Tables.FindAsync<TableEntity>(Table, agentId, ReviewRow(tenantId), ct) is { } e ? TableJson.Read<Review>(e) : null;

    public async Task<ReviewAggregate> AggregateAsync(string agentId, CancellationToken ct) =>
        await Tables.FindAsync<TableEntity>(Table, agentId, AggregateRow, ct) is { } e ? TableJson.Read<ReviewAggregate>(e) : ReviewAggregate.Empty(agentId);

    /// <summary>Every agent's aggregate (a scan of the table, for the ranking signals' periodic reload).</summary>
    public async Task<IReadOnlyList<ReviewAggregate>> AggregatesAsync(CancellationToken ct) =>
        await TableJson.QueryAsync<ReviewAggregate>(Table, TableClient.CreateQueryFilter($"RowKey eq {AggregateRow}"), ct);

    public async Task<IReadOnlyList<Review>> ListAsync(string agentId, CancellationToken ct) =>
        (await TableJson.QueryAsync<Review>(Table, Tables.PrefixFilter(agentId, "review|"), ct)).OrderByDescending(r => r.UpdatedAt).ToList();

    /// <summary>Every version, oldest first (the row keys carry the zero-padded version).</summary>
    public async Task<IReadOnlyList<Review>> HistoryAsync(string agentId, string tenantId, CancellationToken ct) =>
        await TableJson.QueryAsync<Review>(Table, Tables.PrefixFilter(agentId, $"history|{tenantId}|"), ct);

    /// <summary>
    /// Applies <paramref name="change"/> to the tenant's review (null when there is none yet) and saves it with the
    /// aggregate adjusted for what became visible or hidden; retries on a concurrent change. Returning the same
    /// instance saves nothing.
    /// </summary>
    public async Task<Review?> ChangeAsync(string agentId, string tenantId, Func<Review?, Review?> change, CancellationToken ct)
    {
        while (true)
        {
            var reviewEntity = await Tables.FindAsync<TableEntity>(Table, agentId, ReviewRow(tenantId), ct);
            var aggregateEntity = await Tables.FindAsync<TableEntity>(Table, agentId, AggregateRow, ct);
            var current = reviewEntity is null ? null : TableJson.Read<Review>(reviewEntity);
            var next = change(current);
            if (next is null || ReferenceEquals(next, current)) return next;
            var aggregate = aggregateEntity is null ? ReviewAggregate.Empty(agentId) : TableJson.Read<ReviewAggregate>(aggregateEntity);
            if (current is { Hidden: false }) aggregate = aggregate.With(current.Rating, -1);
            if (!next.Hidden) aggregate = aggregate.With(next.Rating, +1);

            var actions = new List<TableTransactionAction>
            {
                Tables.AddOrReplace(TableJson.Entity(agentId, ReviewRow(tenantId), next), reviewEntity?.ETag),
                Tables.AddOrReplace(TableJson.Entity(agentId, AggregateRow, aggregate), aggregateEntity?.ETag),
            };
            if (current?.Version != next.Version)
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, TableJson.Entity(agentId, $"history|{tenantId}|{next.Version:D6}", next)));
            try
            {
                await Table.SubmitTransactionAsync(actions, ct);
                return next;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another writer got there first: decide again on what is there now.
            }
        }
    }
}
