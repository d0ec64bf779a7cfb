using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Marketplace.Http;
using Marketplace.Storage;

namespace Marketplace.Billing;

/// <summary>
/// The Billing table. Partition = tenant: the wallet (row <c>wallet</c>), one applied-marker per usage event
/// (<c>u|{key}</c>), the ledger legs (<c>l|{period}|{time}|{key}|{leg}</c>) and rejections (<c>r|{key}</c>). Keeping
/// them in one partition lets the worker commit the wallet with the markers and legs of many events in one
/// entity-group transaction (at most 100 operations).
/// Publishers' earnings are a second, idempotent projection in partition <c>pub|{publisher}</c>.
/// </summary>
public sealed class BillingStore(Tables tables)
{
    const string WalletRow = "wallet";

    TableClient Table => tables.Get(Tables.BillingTable);

    public sealed record StoredWallet(Wallet Wallet, ETag? ETag);

    public async Task<StoredWallet> GetWalletAsync(string tenantId, CancellationToken ct)
    {
        var e = await Tables.FindAsync<TableEntity>(Table, tenantId, WalletRow, ct);
        return e is null ? new StoredWallet(Wallet.Empty(tenantId), null) : new StoredWallet(TableJson.Read<Wallet>(e), e.ETag);
    }

    public static TableTransactionAction SaveWallet(StoredWallet current, Wallet next) =>
        Tables.AddOrReplace(TableJson.Entity(next.TenantId, WalletRow, next), current.ETag);

    /// <summary>Saves the wallet if nobody changed it since it was read; false when someone did (read again and retry).</summary>
    public async Task<bool> TrySaveWalletAsync(StoredWallet current, Wallet next, CancellationToken ct) =>
        await TrySubmitAsync([SaveWallet(current, next)], ct) is null;

    /// <summary>Commits the actions atomically; null on success, else the index of the action that failed and its status.</summary>
    public async Task<(int Index, int Status)?> TrySubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken ct) =>
        (await TryCommitAsync(actions, ct)).Failure;

    /// <summary>What a transaction led by the wallet did: the wallet's new ETag on success, else what failed.</summary>
    public sealed record CommitResult((int Index, int Status)? Failure, ETag? WalletETag);

    /// <summary>
    /// Commits the actions atomically (the first being the wallet's); on success also returns the wallet's new ETag,
    /// so the next transaction of a batch can follow it without reading the wallet again.
    /// </summary>
    public async Task<CommitResult> TryCommitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken ct)
    {
        try
        {
            var responses = (await Table.SubmitTransactionAsync(actions, ct)).Value;
            return new CommitResult(null, responses.Count > 0 ? responses[0].Headers.ETag : null);
        }
        catch (TableTransactionFailedException ex)
        {
            return new CommitResult((ex.FailedTransactionActionIndex ?? -1, ex.Status), null);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return new CommitResult((0, ex.Status), null);
        }
    }

    /// <summary>Marks that the tenant has paid for a completed use of the agent (what entitles it to review the agent).</summary>
    public static TableTransactionAction MarkPaidUse(string tenantId, string agentId) =>
        new(TableTransactionActionType.UpsertReplace, new TableEntity(tenantId, "p|" + agentId));

    public async Task<bool> HasPaidUseAsync(string tenantId, string agentId, CancellationToken ct) =>
        await Tables.FindAsync<TableEntity>(Table, tenantId, "p|" + agentId, ct) is not null;

    public static string MarkerRow(string usageId) => "u|" + UsageEvent.KeyOf(usageId);

    /// <summary>
    /// The applied-marker also keeps the three amounts reconciliation compares: the price asked, what the event's
    /// reservation held when it settled, and what was charged.
    /// </summary>
    public static TableTransactionAction AddMarker(UsageEvent usage, string hash, long held, long charged, string period, bool adjustment, DateTimeOffset at) =>
        new(TableTransactionActionType.Add, new TableEntity(usage.TenantId, MarkerRow(usage.Id))
        {
            ["UsageId"] = usage.Id, ["PayloadHash"] = hash, ["Charged"] = charged, ["Period"] = period, ["Adjustment"] = adjustment, ["AppliedAt"] = at,
            ["Price"] = usage.Price, ["Held"] = held, ["NamedReservation"] = usage.ReservationId is not null,
        });

    /// <summary>How an id was applied (payload hash, charge, the period it was booked in), or null when it was not.</summary>
    public async Task<(string Hash, long Charged, string Period, bool Adjustment, DateTimeOffset AppliedAt)?> AppliedAsync(string tenantId, string usageId, CancellationToken ct) =>
        await Tables.FindAsync<TableEntity>(Table, tenantId, MarkerRow(usageId), ct) is { } marker
            ? (marker.GetString("PayloadHash") ?? "", marker.GetInt64("Charged") ?? 0, marker.GetString("Period") ?? "",
                marker.GetBoolean("Adjustment") ?? false, marker.GetDateTimeOffset("AppliedAt") ?? default)
            : null;

    public static TableTransactionAction AddEntry(string tenantId, LedgerEntry entry)
    {
        var e = TableJson.Entity(tenantId, $"l|{entry.Period}|{entry.OccurredAt.UtcTicks:D19}|{UsageEvent.KeyOf(entry.UsageId)}|{(int)entry.Leg}", entry);
        e["Leg"] = entry.Leg.ToString();
        e["Amount"] = entry.Amount;
        return new TableTransactionAction(TableTransactionActionType.Add, e);
    }

    /// <summary>Publishers' earnings, idempotently: one upsert transaction per publisher partition and 100 rows.</summary>
    public async Task RecordEarningsAsync(IReadOnlyList<LedgerEntry> credits, CancellationToken ct)
    {
        foreach (var publisher in credits.GroupBy(c => "pub|" + c.Account, StringComparer.Ordinal))
            foreach (var chunk in publisher.DistinctBy(c => c.UsageId, StringComparer.Ordinal).Chunk(100))
                await Table.SubmitTransactionAsync(chunk.Select(c => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                    TableJson.Entity(publisher.Key, $"{c.Period}|{c.OccurredAt.UtcTicks:D19}|{UsageEvent.KeyOf(c.UsageId)}", c))), ct);
    }

    public Task RecordRejectionAsync(UsageRejection rejection, CancellationToken ct) =>
        TableJson.UpsertAsync(Table, rejection.TenantId, "r|" + UsageEvent.KeyOf(rejection.UsageId), rejection, ct);

    static string EntriesPrefix(string? period) => period is null ? "l|" : $"l|{period}|";

    /// <summary>The tenant's ledger entries, of one period or all.</summary>
    public async Task<IReadOnlyList<LedgerEntry>> EntriesAsync(string tenantId, string? period, CancellationToken ct) =>
        await TableJson.QueryAsync<LedgerEntry>(Table, Tables.PrefixFilter(tenantId, EntriesPrefix(period)), ct);

    public async Task<IReadOnlyList<LedgerEntry>> EarningsAsync(string publisherId, string period, CancellationToken ct) =>
        await TableJson.QueryAsync<LedgerEntry>(Table, Tables.PrefixFilter("pub|" + publisherId, period + "|"), ct);

    public async Task<LedgerPage> LedgerAsync(string tenantId, string? period, int pageSize, string? continuation, CancellationToken ct)
    {
        await foreach (var page in Table.QueryAsync<TableEntity>(Tables.PrefixFilter(tenantId, EntriesPrefix(period)), pageSize, cancellationToken: ct).AsPages(continuation, pageSize))
            return new LedgerPage(page.Values.Select(TableJson.Read<LedgerEntry>).ToList(), page.ContinuationToken);
        return new LedgerPage([], null);
    }

    /// <summary>Every applied usage event of the tenant: its price, what its reservation held and what it was charged.</summary>
    public async Task<IReadOnlyDictionary<string, AppliedCharge>> AppliedUsageAsync(string tenantId, CancellationToken ct)
    {
        var applied = new Dictionary<string, AppliedCharge>(StringComparer.Ordinal);
        await foreach (var e in Table.QueryAsync<TableEntity>(Tables.PrefixFilter(tenantId, "u|"),
            select: ["UsageId", "Charged", "Price", "Held", "NamedReservation"], cancellationToken: ct))
        {
            var id = e.GetString("UsageId")!;
            applied[id] = new AppliedCharge(id, e.GetInt64("Price"), e.GetInt64("Held"), e.GetBoolean("NamedReservation") ?? false, e.GetInt64("Charged") ?? 0);
        }
        return applied;
    }

    public async Task<IReadOnlyList<UsageRejection>> RejectionsAsync(string tenantId, CancellationToken ct) =>
        await TableJson.QueryAsync<UsageRejection>(Table, Tables.PrefixFilter(tenantId, "r|"), ct);
}
