using System.ComponentModel.DataAnnotations;

namespace Marketplace.Billing;

/// <summary>When a tenant is told its credit runs low (<c>balance.low</c>) or a grant is about to expire (<c>grant.expiring</c>).</summary>
public sealed class BalanceAlertOptions : IValidatableObject
{
    public const string Section = "Billing:Alerts";

    /// <summary>A debit that takes the balance below this (micro-credits; 1 credit by default) raises balance.low once.</summary>
    [Range(1, Pricing.MaxPrice * 1_000)] public long LowBalanceThreshold { get; set; } = 1_000_000;

    /// <summary>How long before it expires a grant with credit left raises grant.expiring.</summary>
    public TimeSpan GrantExpiringWithin { get; set; } = TimeSpan.FromDays(3);

    /// <summary>How often the standalone host looks for expiring grants (the Functions timer runs hourly).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (GrantExpiringWithin <= TimeSpan.Zero || SweepInterval <= TimeSpan.Zero)
            yield return new ValidationResult("Billing:Alerts:GrantExpiringWithin and SweepInterval must be positive.");
    }
}
