using Azure;
using Azure.Data.Tables;
using Marketplace.Events;
using Marketplace.Storage;
using Microsoft.Extensions.Options;

namespace Marketplace.Billing;

/// <summary>
/// Raises <c>balance.low</c> when a debit takes a wallet below the threshold, once per crossing: a row beside the
/// wallet (<c>alert|balance</c>) remembers that the tenant was told, and is re-armed once the balance is back at or
/// above the threshold (a grant, or credit given back). Raises <c>grant.expiring</c> once per grant whose credit is
/// about to expire, marked by a row <c>alert|grant|{id}</c>. The event goes out before its row is written, so a crash
/// between repeats the event under the same id rather than losing it.
/// </summary>
public sealed class BalanceAlerts(Tables tables, BillingStore store, IIntegrationEvents events, IOptions<BalanceAlertOptions> options, TimeProvider clock)
{
    const string BalanceRow = "alert|balance";
    const string GrantRowPrefix = "alert|grant|";

    TableClient Table => tables.Get(Tables.BillingTable);

    /// <summary>
    /// Looks at the tenant's balance after a debit (which may raise the alert) or a grant (which may only re-arm it:
    /// a grant too small to reach the threshold is not news).
    /// </summary>
    public async Task ObserveAsync(string tenantId, bool afterDebit, CancellationToken ct)
    {
        var balance = (await store.GetWalletAsync(tenantId, ct)).Wallet.Balance(clock.GetUtcNow());
        var threshold = options.Value.LowBalanceThreshold;
        var row = await Tables.FindAsync<TableEntity>(Table, tenantId, BalanceRow, ct);
        var low = row?.GetBoolean("Low") ?? false;
        var crossings = row?.GetInt32("Crossings") ?? 0;
        if (balance < threshold == low || (!low && !afterDebit)) return;
        if (!low) await events.PublishAsync(BalanceEvents.Low(tenantId, balance, threshold, crossings + 1, clock.GetUtcNow()), ct);
        var next = new TableEntity(tenantId, BalanceRow) { ["Low"] = !low, ["Crossings"] = low ? crossings : crossings + 1 };
        try
        {
            // Guarded by the row read: of two workers seeing the same crossing, one records it (both raised the same id).
            if (row is null) await Table.AddEntityAsync(next, ct);
            else await Table.UpdateEntityAsync(next, row.ETag, TableUpdateMode.Replace, ct);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
        }
    }

    /// <summary>
    /// Every wallet's grants that expire within the window with credit left: one event each, ever. The wallets come
    /// from a row-key query, a scan of the Billing table (see docs/webhooks.md for when that stops being enough).
    /// </summary>
    public async Task SweepExpiringGrantsAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var horizon = now + options.Value.GrantExpiringWithin;
        var wallets = await TableJson.QueryAsync<Wallet>(Table, TableClient.CreateQueryFilter($"RowKey eq {"wallet"}"), ct);
        foreach (var wallet in wallets)
        foreach (var grant in wallet.Grants.Where(g => g.IsSpendable(now) && g.ExpiresAt <= horizon))
        {
            var rowKey = GrantRowPrefix + grant.Id;
            if (await Tables.FindAsync<TableEntity>(Table, wallet.TenantId, rowKey, ct) is not null) continue;
            await events.PublishAsync(BalanceEvents.GrantExpiring(wallet.TenantId, grant.Id, grant.Remaining, grant.ExpiresAt!.Value, now), ct);
            await Tables.TryAddAsync(Table, new TableEntity(wallet.TenantId, rowKey), ct);
        }
    }
}
