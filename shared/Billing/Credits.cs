using Marketplace.Errors;
using Marketplace.Tenancy;
using Marketplace.Storage;
using Microsoft.Extensions.Options;

namespace Marketplace.Billing;

/// <summary>Grants credit and holds it for calls in flight. Every change is one wallet write guarded by its ETag.</summary>
public sealed class Credits(BillingStore store, StripedLocks locks, TenantPlans plans, IOptions<BillingOptions> options, TimeProvider clock)
{
    public async Task<Wallet> UpdateAsync(string tenantId, Func<Wallet, Wallet> change, CancellationToken ct)
    {
        using var _ = await locks.AcquireAsync(tenantId, ct);
        while (true)
        {
            var current = await store.GetWalletAsync(tenantId, ct);
            var next = change(current.Wallet);
            if (ReferenceEquals(next, current.Wallet) || await store.TrySaveWalletAsync(current, next, ct)) return next;
        }
    }

    public Task<Wallet> GrantAsync(string tenantId, GrantCreditRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var grant = new CreditGrant(request.Id ?? "g-" + Guid.NewGuid().ToString("N")[..16], request.Kind, request.Amount, request.Amount, request.Priority, now)
        {
            ExpiresAt = request.ExpiresAt,
        };
        return UpdateAsync(tenantId, w => w.AddGrant(grant), ct);
    }

    public async Task<OverdraftAllowance> AllowanceAsync(string tenantId, CancellationToken ct)
    {
        return OverdraftAllowance.For((await plans.GetAsync(tenantId, ct)).Limits);
    }

    /// <summary>
    /// Counts the call against the monthly quota and holds <paramref name="amount"/> under
    /// <paramref name="reservationId"/> for <paramref name="holdFor"/> (default <see cref="BillingOptions.ReservationTimeout"/>),
    /// or refuses before any work starts: a <see cref="DomainException"/> of <see cref="DomainErrorKind.PaymentRequired"/>
    /// (with its <see cref="DomainError.Shortfall"/>) or <see cref="DomainErrorKind.QuotaExceeded"/>, which each binding renders.
    /// </summary>
    /// <remarks>
    /// Only priced calls reserve, so an amount that is not from 1 to <see cref="Pricing.MaxPrice"/> is a price that
    /// went wrong (an out-of-bounds pricing, or arithmetic that wrapped): the call is refused as not covered rather
    /// than let through holding nothing.
    /// </remarks>
    public async Task ReserveAsync(string tenantId, string reservationId, long amount, CancellationToken ct, TimeSpan? holdFor = null)
    {
        if (amount is < 1 or > Pricing.MaxPrice)
            throw new DomainException(DomainError.InsufficientCredits(amount, (await store.GetWalletAsync(tenantId, ct)).Wallet.Balance(clock.GetUtcNow())));
        var limits = (await plans.GetAsync(tenantId, ct)).Limits;
        var allowance = OverdraftAllowance.For(limits);
        var now = clock.GetUtcNow();
        long balance = 0;
        bool overQuota = false, refused = false;
        await UpdateAsync(tenantId, w =>
        {
            (overQuota, refused, balance) = (false, false, w.Balance(now));
            if (w.Reservations.Any(r => r.Id == reservationId)) return w;
            var counted = w.CountCall(now, limits.MonthlyBillableCalls);
            if (counted is null)
            {
                overQuota = true;
                return w;
            }
            var next = counted.Reserve(reservationId, amount, now, holdFor ?? options.Value.ReservationTimeout, allowance);
            refused = next is null;
            return next ?? w;
        }, ct);
        if (overQuota)
        {
            var month = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
            throw new DomainException(DomainError.QuotaExceeded(limits.MonthlyBillableCalls, month.AddMonths(1)));
        }
        if (refused) throw new DomainException(DomainError.InsufficientCredits(amount, balance));
    }

    public Task ReleaseAsync(string tenantId, string reservationId, CancellationToken ct) =>
        UpdateAsync(tenantId, w => w.Release(reservationId, clock.GetUtcNow()), ct);
}
