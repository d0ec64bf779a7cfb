using Marketplace.Billing;
using Xunit;

namespace Marketplace.Tests.Billing;

/// <summary>
/// Randomized checks of the wallet's rules over many generated wallets and operation sequences (fixed seeds, so a
/// failure reproduces): spend order, expiry, conservation of credit, and the overdraft policies.
/// </summary>
public sealed class WalletPropertyTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    static readonly TimeSpan Hold = TimeSpan.FromHours(1);

    static Wallet RandomWallet(Random random, out long expired)
    {
        var wallet = Wallet.Empty("t");
        expired = 0;
        for (var i = random.Next(1, 8); i > 0; i--)
        {
            var amount = random.Next(1, 500);
            DateTimeOffset? expires = random.Next(4) switch { 0 => null, 1 => Now.AddMinutes(-random.Next(1, 1000)), _ => Now.AddMinutes(random.Next(1, 100_000)) };
            if (expires <= Now) expired += amount;
            wallet = wallet.AddGrant(new CreditGrant($"g{i}", random.Next(2) == 0 ? CreditKind.Paid : CreditKind.Promotional, amount, amount,
                random.Next(0, 3), Now.AddMinutes(-random.Next(1, 10_000))) { ExpiresAt = expires });
        }
        return wallet;
    }

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (var seed = 1; seed <= 200; seed++) data.Add(seed);
        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Spending_takes_grants_strictly_in_order_and_never_touches_expired_credit(int seed)
    {
        var random = new Random(seed);
        var wallet = RandomWallet(random, out _);
        var order = wallet.SpendOrder(Now).ToList();
        var amount = random.Next(1, (int)Math.Max(2, wallet.Spendable(Now) + 1));
        var reserved = wallet.Reserve("r", amount, Now, Hold, OverdraftAllowance.None);
        if (amount > wallet.Spendable(Now))
        {
            Assert.Null(reserved);
            return;
        }
        Assert.NotNull(reserved);
        var taken = order.Select(g => g.Remaining - reserved.Grants.Single(x => x.Id == g.Id).Remaining).ToList();
        Assert.Equal(amount, taken.Sum());
        // A prefix of the order is used up; at most one grant is partly spent; the rest is untouched.
        var firstNotEmptied = taken.Select((t, i) => (t, i)).FirstOrDefault(x => x.t < order[x.i].Remaining, (0, order.Count)).Item2;
        Assert.All(taken.Skip(firstNotEmptied + 1), t => Assert.Equal(0, t));
        // Expired grants keep every micro-credit.
        foreach (var grant in wallet.Grants.Where(g => !g.IsSpendable(Now)))
            Assert.Equal(grant.Remaining, reserved.Grants.Single(g => g.Id == grant.Id).Remaining);
        // Order: priority, then soonest expiry, then oldest.
        for (var i = 1; i < order.Count; i++)
        {
            var (a, b) = (order[i - 1], order[i]);
            Assert.True(a.Priority < b.Priority
                || (a.Priority == b.Priority && (a.ExpiresAt ?? DateTimeOffset.MaxValue) < (b.ExpiresAt ?? DateTimeOffset.MaxValue))
                || (a.Priority == b.Priority && a.ExpiresAt == b.ExpiresAt && a.CreatedAt <= b.CreatedAt));
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Credit_is_conserved_and_a_hard_wallet_never_goes_below_zero(int seed)
    {
        var random = new Random(seed);
        var soft = random.Next(2) == 0;
        var allowance = soft ? new OverdraftAllowance(random.Next(0, 300)) : OverdraftAllowance.None;
        var wallet = RandomWallet(random, out var expired);
        var total = wallet.Grants.Sum(g => g.Amount);
        long charged = 0;
        var open = new List<string>();
        for (var step = 0; step < 40; step++)
        {
            switch (random.Next(3))
            {
                case 0:
                    var id = $"r{step}";
                    if (wallet.Reserve(id, random.Next(1, 200), Now, Hold, allowance) is { } next)
                    {
                        wallet = next;
                        open.Add(id);
                    }
                    break;
                case 1 when open.Count > 0:
                    var settle = open[random.Next(open.Count)];
                    open.Remove(settle);
                    (wallet, _, var c, _) = wallet.Settle(settle, random.Next(0, 250), Now, allowance);
                    charged += c;
                    break;
                case 2 when open.Count > 0:
                    var release = open[random.Next(open.Count)];
                    open.Remove(release);
                    wallet = wallet.Release(release, Now);
                    break;
            }
            // Everything granted is still spendable, held, charged, expired, or owed back as overdraft.
            Assert.Equal(total, wallet.Spendable(Now) + wallet.Reserved + charged + expired - wallet.Overdraft);
            Assert.InRange(wallet.Overdraft, 0, allowance.Limit);
            if (!soft) Assert.True(wallet.Balance(Now) >= 0);
        }
    }

    [Fact]
    public void Settling_returns_what_was_held_beyond_the_price_and_releasing_twice_changes_nothing()
    {
        var wallet = Wallet.Empty("t")
            .AddGrant(new CreditGrant("promo", CreditKind.Promotional, 100, 100, 0, Now) { ExpiresAt = Now.AddDays(1) })
            .AddGrant(new CreditGrant("paid", CreditKind.Paid, 1000, 1000, 1, Now));
        var held = wallet.Reserve("r", 150, Now, Hold, OverdraftAllowance.None)!;
        Assert.Equal((0, 950), (held.Grants[0].Remaining, held.Grants[1].Remaining));
        var (settled, _, charged, uncollected) = held.Settle("r", 120, Now, OverdraftAllowance.None);
        Assert.Equal((120L, 0L), (charged, uncollected));
        Assert.Equal((0, 980), (settled.Grants[0].Remaining, settled.Grants[1].Remaining));
        Assert.Same(settled, settled.Release("r", Now));
        // A hold past its time is released by the next operation.
        var stale = wallet.Reserve("old", 500, Now, TimeSpan.FromMinutes(1), OverdraftAllowance.None)!;
        var later = stale.Reserve("new", 10, Now.AddMinutes(2), Hold, OverdraftAllowance.None)!;
        Assert.Equal(["new"], later.Reservations.Select(r => r.Id));
        Assert.Equal(1090, later.Spendable(Now.AddMinutes(2)));
    }
}
