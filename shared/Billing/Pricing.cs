using Marketplace.Http;

namespace Marketplace.Billing;

/// <summary>
/// What a listing or tool costs, in whole micro-credits (1 credit = 1,000,000): per task or tool call, plus per
/// reported unit (e.g. tokens an agent reports in the task's <c>metadata.usage</c>). <c>MaxUnits</c> bounds what is
/// held before the call, since units are only known after it.
/// </summary>
/// <remarks>
/// Every bound is checked in <see cref="Int128"/>, where the product of two <c>long</c>s cannot wrap: a wrapped
/// product once let a price whose true maximum was far beyond <see cref="MaxPrice"/> pass as negative, hold nothing
/// and run free. Within the bounds every sum and product here fits a <c>long</c> many times over.
/// </remarks>
public sealed record Pricing(long PerCall = 0, long PerUnit = 0, string? Unit = null, long MaxUnits = 0)
{
    /// <summary>The most one call may cost, and the largest credit grant: a million credits. Anything larger is a typo.</summary>
    public const long MaxPrice = 1_000_000_000_000;

    /// <summary>The most units one call may be charged for.</summary>
    public const long MaxUnitsLimit = 100_000_000;

    /// <summary>The longest unit name (it is looked up as a property of the task's <c>metadata.usage</c>).</summary>
    public const int MaxUnitLength = 64;

    /// <summary>
    /// The estimate and price of a pricing outside the bounds (only data stored before they were enforced): more than
    /// any hold may be, so a call to it is refused before it starts and a usage event carrying it is refused.
    /// </summary>
    public const long Unaffordable = long.MaxValue;

    public bool IsFree => PerCall == 0 && PerUnit == 0;

    /// <summary>Whether every field and the most a call can cost are within the bounds.</summary>
    public bool IsWithinBounds => PerCall is >= 0 and <= MaxPrice && PerUnit is >= 0 and <= MaxPrice
        && (PerUnit == 0 || MaxUnits is >= 1 and <= MaxUnitsLimit) && Most <= MaxPrice;

    /// <summary>The exact most a call can cost (<c>perCall + perUnit × maxUnits</c>); units are ignored when not priced.</summary>
    Int128 Most => (Int128)PerCall + (PerUnit == 0 ? Int128.Zero : (Int128)PerUnit * MaxUnits);

    /// <summary>The most a call can cost: what a reservation holds. From 1 to <see cref="MaxPrice"/> for a priced call within the bounds.</summary>
    public long Estimate => IsWithinBounds ? (long)Most : Unaffordable;

    /// <summary>What a call that reported <paramref name="units"/> costs: never more than <see cref="Estimate"/>.</summary>
    public long Price(long units) => IsWithinBounds
        ? checked(PerCall + (PerUnit == 0 ? 0 : PerUnit * Math.Clamp(units, 0, MaxUnits)))
        : Unaffordable;

    public static void Validate(Pricing? pricing, string path, List<FieldError> errors)
    {
        if (pricing is null) return;
        var fieldsValid = true;
        void Refuse(string field, string message)
        {
            errors.Add(new(field, message));
            fieldsValid = false;
        }
        if (pricing.PerCall is < 0 or > MaxPrice) Refuse($"{path}.perCall", $"Must be from 0 to {MaxPrice} micro-credits.");
        if (pricing.PerUnit is < 0 or > MaxPrice) Refuse($"{path}.perUnit", $"Must be from 0 to {MaxPrice} micro-credits.");
        if (pricing.PerUnit > 0 && string.IsNullOrWhiteSpace(pricing.Unit)) errors.Add(new($"{path}.unit", "Name the unit priced per unit (e.g. tokens)."));
        if (pricing.Unit is { Length: > MaxUnitLength }) errors.Add(new($"{path}.unit", $"At most {MaxUnitLength} characters."));
        if (pricing.PerUnit > 0 && pricing.MaxUnits is < 1 or > MaxUnitsLimit) Refuse($"{path}.maxUnits", $"Must be from 1 to {MaxUnitsLimit} when a unit is priced.");
        // The total is only meaningful (and only reported) when each part is in range.
        if (fieldsValid && !pricing.IsWithinBounds)
            errors.Add(new(path, $"perCall + perUnit × maxUnits (the most a call can cost) must be at most {MaxPrice} micro-credits."));
    }
}
