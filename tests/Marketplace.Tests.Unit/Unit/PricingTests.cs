using Marketplace.Billing;
using Marketplace.Http;
using Xunit;

namespace Marketplace.Tests.Unit;

/// <summary>
/// The bounds of a price, at their edges and over hostile values: whatever the fields, the check cannot wrap, a
/// pricing that passes costs from 1 to <see cref="Pricing.MaxPrice"/> per priced call, and one that does not is
/// unaffordable rather than free.
/// </summary>
public sealed class PricingTests
{
    const long Max = Pricing.MaxPrice;

    static List<string> Errors(Pricing pricing)
    {
        var errors = new List<FieldError>();
        Pricing.Validate(pricing, "$.pricing", errors);
        return errors.Select(e => e.Path).ToList();
    }

    [Fact]
    public void The_price_whose_product_wrapped_a_long_is_refused_naming_the_pricing_and_is_unaffordable()
    {
        // 10^12 × 9.3 × 10^6 = 9.3 × 10^18 is just beyond long.MaxValue (9.22 × 10^18): multiplied in long it
        // wrapped negative, passed the old check and held nothing.
        var pricing = new Pricing(PerCall: 1000, PerUnit: 1_000_000_000_000, Unit: "tokens", MaxUnits: 9_300_000);
        Assert.Equal(["$.pricing"], Errors(pricing));
        Assert.False(pricing.IsWithinBounds);
        Assert.Equal(Pricing.Unaffordable, pricing.Estimate);
        Assert.Equal(Pricing.Unaffordable, pricing.Price(0));
    }

    public static TheoryData<long, long, long, string[]> Edges() => new()
    {
        { Max, 0, 0, [] },
        { Max + 1, 0, 0, ["$.pricing.perCall"] },
        { -1, 0, 0, ["$.pricing.perCall"] },
        { long.MinValue, 0, 0, ["$.pricing.perCall"] },
        { 0, 10_000, Pricing.MaxUnitsLimit, [] }, // exactly the largest price
        { 1, 10_000, Pricing.MaxUnitsLimit, ["$.pricing"] }, // one micro-credit over, through perCall
        { 0, 10_001, Pricing.MaxUnitsLimit, ["$.pricing"] },
        { 0, Max, 1, [] },
        { 0, Max, 2, ["$.pricing"] },
        { 0, Max + 1, 1, ["$.pricing.perUnit"] },
        { 0, 1, Pricing.MaxUnitsLimit + 1, ["$.pricing.maxUnits"] },
        { 0, 1, 0, ["$.pricing.maxUnits"] },
        { 0, 1, -1, ["$.pricing.maxUnits"] },
        { 0, long.MaxValue, long.MaxValue, ["$.pricing.perUnit", "$.pricing.maxUnits"] },
        { long.MaxValue, long.MaxValue, Pricing.MaxUnitsLimit, ["$.pricing.perCall", "$.pricing.perUnit"] },
        { Max, 1, 1, ["$.pricing"] },
        { Max - 5, 1, 5, [] },
        // Units are ignored when they are not priced.
        { 7, 0, long.MaxValue, [] },
        { 7, 0, -3, [] },
    };

    [Theory]
    [MemberData(nameof(Edges))]
    public void Bounds_hold_at_their_edges(long perCall, long perUnit, long maxUnits, string[] expected)
    {
        var pricing = new Pricing(perCall, perUnit, perUnit > 0 ? "tokens" : null, maxUnits);
        Assert.Equal(expected, Errors(pricing));
        Assert.Equal(expected.Length == 0, pricing.IsWithinBounds);
        if (expected.Length == 0) Assert.Equal(perCall + (perUnit == 0 ? 0 : perUnit * maxUnits), pricing.Estimate);
        else Assert.Equal(Pricing.Unaffordable, pricing.Estimate);
    }

    [Fact]
    public void The_unit_is_named_and_short()
    {
        Assert.Equal(["$.pricing.unit"], Errors(new Pricing(0, 1, null, 10)));
        Assert.Equal(["$.pricing.unit"], Errors(new Pricing(0, 1, new string('u', Pricing.MaxUnitLength + 1), 10)));
        Assert.Empty(Errors(new Pricing(0, 1, new string('u', Pricing.MaxUnitLength), 10)));
    }

    [Fact]
    public void A_price_clamps_reported_units_to_what_was_held()
    {
        var pricing = new Pricing(100, 10, "words", 50);
        Assert.Equal(600, pricing.Estimate);
        Assert.Equal(100, pricing.Price(-5));
        Assert.Equal(100, pricing.Price(long.MinValue));
        Assert.Equal(150, pricing.Price(5));
        Assert.Equal(600, pricing.Price(51));
        Assert.Equal(600, pricing.Price(long.MaxValue));
    }

    /// <summary>Field values a hostile publisher would try: the edges of every bound and of <c>long</c>.</summary>
    static long Hostile(Random random) => random.Next(12) switch
    {
        0 => 0,
        1 => 1,
        2 => -1,
        3 => Max,
        4 => Max + 1,
        5 => long.MaxValue,
        6 => long.MinValue,
        7 => Pricing.MaxUnitsLimit,
        8 => Pricing.MaxUnitsLimit + 1,
        9 => 9_300_000,
        10 => random.NextInt64(long.MinValue, long.MaxValue),
        _ => random.NextInt64(0, 2_000_000),
    };

    [Fact]
    public void Over_hostile_values_a_priced_call_that_passes_costs_from_one_to_the_largest_price_and_never_more_than_held()
    {
        var random = new Random(20261203);
        var accepted = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var pricing = new Pricing(Hostile(random), Hostile(random), "tokens", Hostile(random));
            var valid = Errors(pricing).Count == 0;
            Assert.Equal(valid, pricing.IsWithinBounds);
            if (!valid)
            {
                Assert.Equal(Pricing.Unaffordable, pricing.Estimate);
                continue;
            }
            accepted++;
            if (!pricing.IsFree) Assert.InRange(pricing.Estimate, 1, Max);
            var exact = (Int128)pricing.PerCall + (pricing.PerUnit == 0 ? 0 : (Int128)pricing.PerUnit * pricing.MaxUnits);
            Assert.Equal(exact, (Int128)pricing.Estimate);
            foreach (var units in new[] { Hostile(random), Hostile(random), 0L, long.MaxValue, long.MinValue })
                Assert.InRange(pricing.Price(units), pricing.PerCall, pricing.Estimate);
        }
        Assert.InRange(accepted, 100, 19_900); // the generator reaches both sides of the bounds
    }
}
