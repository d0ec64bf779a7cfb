using Marketplace.Tenancy;
using Microsoft.Extensions.Options;

namespace Marketplace.Billing;

/// <summary>A billable call could not be covered: grants and allowed overdraft fall short of its price.</summary>
public sealed class InsufficientCreditsException(long needed, long balance)
    : Exception($"Insufficient credit: the call needs {needed} micro-credits and the balance is {balance}.")
{
    public long Needed { get; } = needed;
    public long Balance { get; } = balance;
}

/// <summary>Grants credit and holds it for calls in flight. Every change is one wallet write guarded by its ETag.</summary>
public sealed class Credits(BillingStore store, WalletLocks locks, ITenantStore tenants, IOptions<BillingOptions> options, TimeProvider clock)
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
        var tenant = await tenants.GetAsync(tenantId, ct);
        return OverdraftAllowance.For(options.Value.For(tenant?.Plan ?? "free"));
    }

    /// <summary>Holds <paramref name="amount"/> under <paramref name="reservationId"/>, or throws before any work starts.</summary>
    public async Task ReserveAsync(string tenantId, string reservationId, long amount, CancellationToken ct)
    {
        if (amount <= 0) return;
        var allowance = await AllowanceAsync(tenantId, ct);
        var now = clock.GetUtcNow();
        long balance = 0;
        var refused = false;
        await UpdateAsync(tenantId, w =>
        {
            var next = w.Reserve(reservationId, amount, now, options.Value.ReservationTimeout, allowance);
            refused = next is null;
            balance = w.Balance(now);
            return next ?? w;
        }, ct);
        if (refused) throw new InsufficientCreditsException(amount, balance);
    }

    public Task ReleaseAsync(string tenantId, string reservationId, CancellationToken ct) =>
        UpdateAsync(tenantId, w => w.Release(reservationId, clock.GetUtcNow()), ct);
}
