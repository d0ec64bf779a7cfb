using Marketplace.Http;

namespace Marketplace.Billing;

/// <summary>
/// What a listing or tool costs, in whole micro-credits (1 credit = 1,000,000): per task or tool call, plus per
/// reported unit (e.g. tokens an agent reports in the task's <c>metadata.usage</c>). <c>MaxUnits</c> bounds what is
/// held before the call, since units are only known after it.
/// </summary>
public sealed record Pricing(long PerCall = 0, long PerUnit = 0, string? Unit = null, long MaxUnits = 0)
{
    public const long MaxPrice = 1_000_000_000_000; // a million credits: anything larger is a typo

    public bool IsFree => PerCall == 0 && PerUnit == 0;

    /// <summary>The most a call can cost: what a reservation holds.</summary>
    public long Estimate => PerCall + PerUnit * MaxUnits;

    public long Price(long units) => PerCall + PerUnit * Math.Min(Math.Max(units, 0), MaxUnits);

    public static void Validate(Pricing? pricing, string path, List<FieldError> errors)
    {
        if (pricing is null) return;
        if (pricing.PerCall is < 0 or > MaxPrice) errors.Add(new($"{path}.perCall", $"Must be from 0 to {MaxPrice} micro-credits."));
        if (pricing.PerUnit is < 0 or > MaxPrice) errors.Add(new($"{path}.perUnit", $"Must be from 0 to {MaxPrice} micro-credits."));
        if (pricing.PerUnit > 0 && string.IsNullOrWhiteSpace(pricing.Unit)) errors.Add(new($"{path}.unit", "Name the unit priced per unit (e.g. tokens)."));
        if (pricing.PerUnit > 0 && pricing.MaxUnits is < 1 or > 100_000_000) errors.Add(new($"{path}.maxUnits", "Must be from 1 to 100000000 when a unit is priced."));
        if (pricing.PerUnit > 0 && pricing.MaxUnits > 0 && pricing.PerUnit * pricing.MaxUnits > MaxPrice) errors.Add(new(path, "perUnit × maxUnits exceeds the largest price."));
    }
}
