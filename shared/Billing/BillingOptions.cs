using System.ComponentModel.DataAnnotations;

namespace Marketplace.Billing;

public enum OverdraftPolicy
{
    /// <summary>Never below zero: a call that might not be covered does not start.</summary>
    Hard,

    /// <summary>May go below zero down to the plan's <c>OverdraftLimit</c>.</summary>
    Soft,
}

/// <summary>A plan's limits. Rates are per minute; zero means unlimited.</summary>
public sealed class PlanLimits
{
    [Range(0, 1_000_000)] public int RequestsPerMinute { get; set; }
    [Range(0, 1_000_000)] public int AgentCallsPerMinute { get; set; }
    [Range(0, 1_000_000)] public int ToolCallsPerMinute { get; set; }
    [Range(0, long.MaxValue)] public long MonthlyBillableCalls { get; set; }
    public OverdraftPolicy Overdraft { get; set; } = OverdraftPolicy.Hard;
    /// <summary>How far below zero a soft plan may go; bounded so that credit plus allowance can never overflow.</summary>
    [Range(0, MaxOverdraftLimit)] public long OverdraftLimit { get; set; }

    public const long MaxOverdraftLimit = 1_000 * Pricing.MaxPrice;

    /// <summary>How many seconds' worth of a rate may arrive at once.</summary>
    [Range(1, 3600)] public int BurstSeconds { get; set; } = 10;
}

public sealed class BillingOptions : IValidatableObject
{
    public const string Section = "Billing";

    /// <summary>The platform's share of every charge, in percent; the publisher earns the rest.</summary>
    [Range(0, 100)]
    public int PlatformFeePercent { get; set; } = 20;

    /// <summary>How long a reservation holds credit when its call never reports back.</summary>
    public TimeSpan ReservationTimeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Usage older than this is refused (and reported); statements would otherwise never settle.</summary>
    public TimeSpan LateUsageWindow { get; set; } = TimeSpan.FromDays(35);

    /// <summary>Usage stamped further in the future than this is refused: a clock that wrong is not to be trusted.</summary>
    public TimeSpan FutureSkew { get; set; } = TimeSpan.FromMinutes(5);

    public Dictionary<string, PlanLimits> Plans { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["free"] = new() { RequestsPerMinute = 120, AgentCallsPerMinute = 30, ToolCallsPerMinute = 30, MonthlyBillableCalls = 1_000 },
        ["pro"] = new() { RequestsPerMinute = 1_200, AgentCallsPerMinute = 300, ToolCallsPerMinute = 300, MonthlyBillableCalls = 1_000_000 },
        ["enterprise"] = new() { RequestsPerMinute = 12_000, AgentCallsPerMinute = 3_000, ToolCallsPerMinute = 3_000, Overdraft = OverdraftPolicy.Soft, OverdraftLimit = 100_000_000 },
    };

    public PlanLimits For(string plan) => Plans.TryGetValue(plan, out var limits) ? limits : Plans["free"];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Plans.ContainsKey("free")) yield return new ValidationResult("Billing:Plans needs a 'free' plan (the fallback).");
        if (ReservationTimeout <= TimeSpan.Zero || LateUsageWindow <= TimeSpan.Zero || FutureSkew < TimeSpan.Zero)
            yield return new ValidationResult("Billing timeouts and windows must be positive.");
        foreach (var (name, limits) in Plans)
        {
            if (limits.Overdraft == OverdraftPolicy.Hard && limits.OverdraftLimit != 0)
                yield return new ValidationResult($"Billing:Plans:{name}: a hard plan has no overdraft limit.");
            // Data annotations do not reach into the dictionary's values: the money bound is checked here.
            if (limits.OverdraftLimit is < 0 or > PlanLimits.MaxOverdraftLimit)
                yield return new ValidationResult($"Billing:Plans:{name}: OverdraftLimit must be from 0 to {PlanLimits.MaxOverdraftLimit}.");
        }
    }
}
