using System.ComponentModel.DataAnnotations;
using Marketplace.Billing;
using Xunit;

namespace Marketplace.Tests.Billing;

/// <summary>A soft plan's overdraft is bounded, so credit plus the allowance can never overflow a wallet's arithmetic.</summary>
public sealed class BillingOptionsTests
{
    static List<string> Errors(long overdraftLimit)
    {
        var options = new BillingOptions();
        options.Plans["soft"] = new PlanLimits { Overdraft = OverdraftPolicy.Soft, OverdraftLimit = overdraftLimit };
        return options.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage!).ToList();
    }

    [Fact]
    public void An_overdraft_limit_beyond_the_bound_is_refused_at_start()
    {
        Assert.Empty(Errors(PlanLimits.MaxOverdraftLimit));
        Assert.Contains(Errors(PlanLimits.MaxOverdraftLimit + 1), e => e.Contains("OverdraftLimit"));
        Assert.Contains(Errors(long.MaxValue), e => e.Contains("OverdraftLimit"));
        Assert.Contains(Errors(-1), e => e.Contains("OverdraftLimit"));
    }
}
