using System.Globalization;
using System.Text;
using System.Text.Json;
using Marketplace.Http;
using Marketplace.Queues;
using Marketplace.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Billing;

/// <summary>A message the billing worker gave up on, as it sits in the poison queue.</summary>
public sealed record PoisonMessage(string MessageId, DateTimeOffset? InsertedOn, string Body);

public sealed class BillingEndpoints(BillingStore store, Credits credits, BalanceAlerts alerts, ITenantStore tenants, StorageQueues queues, TimeProvider clock)
{
    public async Task<Ok<BalanceView>> Balance(ApiRequest request)
    {
        var tenantId = request.Caller.TenantId!;
        var wallet = (await store.GetWalletAsync(tenantId, request.Aborted)).Wallet;
        return TypedResults.Ok(View(wallet, clock.GetUtcNow()));
    }

    public async Task<Results<Ok<LedgerPage>, InvalidProblem>> Ledger(ApiRequest request)
    {
        var errors = new List<FieldError>();
        var period = request.Query("period");
        if (period is not null && !DateTime.TryParseExact(period, "yyyy-MM", null, System.Globalization.DateTimeStyles.None, out _)) errors.Add(new("period", "Must be a month, yyyy-MM."));
        var limit = 100;
        if (request.Query("limit") is { } raw && (!int.TryParse(raw, out limit) || limit is < 1 or > 1000)) errors.Add(new("limit", "Must be an integer from 1 to 1000."));
        var next = request.Query("next");
        string? continuation = null;
        if (next is not null)
        {
            try
            {
                continuation = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(next));
            }
            catch (FormatException)
            {
            }
            catch (ArgumentException)
            {
            }
            // Table continuation tokens are short and printable; anything else would fail in the service, not here.
            if (continuation is null || !Storage.TableCursors.IsWellFormed(continuation)) errors.Add(new("next", "Not a cursor this API returned."));
        }
        if (errors.Count > 0) return new InvalidProblem(errors);
        var page = await store.LedgerAsync(request.Caller.TenantId!, period, limit, continuation, request.Aborted);
        return TypedResults.Ok(page with { Next = page.Next is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(page.Next)) });
    }

    public async Task<Ok<List<UsageRejection>>> Rejections(ApiRequest request) =>
        TypedResults.Ok((await store.RejectionsAsync(request.Caller.TenantId!, request.Aborted)).ToList());

    public async Task<Results<Ok<BalanceView>, InvalidProblem, NotFoundProblem>> Grant(ApiRequest request)
    {
        var tenantId = request.Route("tenantId");
        var body = await request.BodyAsync<GrantCreditRequest>();
        var now = clock.GetUtcNow();
        var errors = new List<FieldError>();
        if (body.Amount is < 1 or > Pricing.MaxPrice) errors.Add(new("$.amount", $"Must be from 1 to {Pricing.MaxPrice} micro-credits."));
        if (body.ExpiresAt is { } expires && expires <= now) errors.Add(new("$.expiresAt", "Must be in the future."));
        if (body.Priority is < 0 or > 1000) errors.Add(new("$.priority", "Must be from 0 (spent first) to 1000."));
        if (body.Id is { Length: 0 or > 64 }) errors.Add(new("$.id", "1–64 characters (an idempotency key for the grant)."));
        if (errors.Count > 0) return new InvalidProblem(errors);
        if (await tenants.GetAsync(tenantId, request.Aborted) is null) return NoTenant(tenantId);
        var wallet = await credits.GrantAsync(tenantId, body, request.Aborted);
        await alerts.ObserveAsync(tenantId, afterDebit: false, request.Aborted);
        return TypedResults.Ok(View(wallet, now));
    }

    public async Task<Ok<Reconciliation>> Reconcile(ApiRequest request)
    {
        var tenantId = request.Route("tenantId");
        // Markers first: an event's marker and legs commit together, so every marker read has all its legs.
        var applied = await store.AppliedUsageAsync(tenantId, request.Aborted);
        return TypedResults.Ok(Reconciler.Reconcile(tenantId, applied, await store.EntriesAsync(tenantId, null, request.Aborted)));
    }

    public async Task<Ok<List<PoisonMessage>>> Poison(ApiRequest request)
    {
        var queue = queues.Get(QueueNames.Poison(QueueNames.UsageEvents));
        var messages = (await queue.PeekMessagesAsync(32, request.Aborted)).Value;
        return TypedResults.Ok(messages.Select(m => new PoisonMessage(m.MessageId, m.InsertedOn, m.Body.ToString())).ToList());
    }

    /// <summary>JSON or CSV: the CSV text is not described by a type, so only the JSON statement is in the document (its summary names both).</summary>
    public async Task<Results<Ok<Statement>, ContentHttpResult, InvalidProblem>> Statement(ApiRequest request)
    {
        var period = request.Route("period");
        if (!IsPeriod(period)) return NotAPeriod();
        var tenantId = request.Caller.TenantId!;
        var wallet = (await store.GetWalletAsync(tenantId, request.Aborted)).Wallet;
        var closed = wallet.ClosedThrough is { } through && string.CompareOrdinal(period, through) <= 0;
        var statement = Statements.Build(tenantId, period, closed, await store.EntriesAsync(tenantId, period, request.Aborted));
        var wantsCsv = request.Query("format") == "csv" || request.Http.Request.Headers.Accept.ToString().Contains("text/csv", StringComparison.OrdinalIgnoreCase);
        return wantsCsv ? TypedResults.Text(Statements.Csv(statement), "text/csv; charset=utf-8") : TypedResults.Ok(statement);
    }

    public async Task<Results<Ok<PayoutReport>, InvalidProblem>> Payout(ApiRequest request)
    {
        var period = request.Route("period");
        if (!IsPeriod(period)) return NotAPeriod();
        var publisher = request.Caller.TenantId!;
        return TypedResults.Ok(Statements.Payout(publisher, period, await store.EarningsAsync(publisher, period, request.Aborted)));
    }

    /// <summary>Closes a month (and every month before it): its statement never changes again; later usage for it is an adjustment.</summary>
    public async Task<Results<Ok<BalanceView>, InvalidProblem, NotFoundProblem>> Close(ApiRequest request)
    {
        var (tenantId, period) = (request.Route("tenantId"), request.Route("period"));
        var now = clock.GetUtcNow();
        if (!IsPeriod(period)) return NotAPeriod();
        if (string.CompareOrdinal(period, now.UtcDateTime.ToString("yyyy-MM")) >= 0) return new InvalidProblem([new("period", "Only a past month can be closed.")]);
        if (await tenants.GetAsync(tenantId, request.Aborted) is null) return NoTenant(tenantId);
        var wallet = await credits.UpdateAsync(tenantId,
            w => w.ClosedThrough is { } through && string.CompareOrdinal(through, period) >= 0 ? w : w with { ClosedThrough = period }, request.Aborted);
        return TypedResults.Ok(View(wallet, now));
    }

    static InvalidProblem NotAPeriod() => new([new("period", "Must be a month, yyyy-MM.")]);

    static NotFoundProblem NoTenant(string tenantId) => new($"No tenant '{tenantId}'.");

    static bool IsPeriod(string period) => DateTime.TryParseExact(period, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    static BalanceView View(Wallet wallet, DateTimeOffset now) =>
        new(wallet.TenantId, wallet.Balance(now), wallet.Spendable(now), wallet.Reserved, wallet.Overdraft, wallet.SpendOrder(now).ToList(), wallet.ClosedThrough);
}
