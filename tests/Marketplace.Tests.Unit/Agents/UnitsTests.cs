using Marketplace.Agents.UnitConverter;
using Xunit;

namespace Marketplace.Tests.Agents;

public sealed class UnitsTests
{
    [Theory]
    [InlineData(12, "km", "mi", 7.4565)]
    [InlineData(100, "f", "c", 37.7778)]
    [InlineData(5, "kg", "lb", 11.0231)]
    [InlineData(0, "c", "k", 273.15)]
    [InlineData(3, "ft", "in", 36)]
    public void Converts(double value, string from, string to, double expected) => Assert.Equal(expected, Units.Convert(value, from, to));

    [Fact]
    public void Refuses_to_mix_dimensions() => Assert.Throws<InvalidOperationException>(() => Units.Convert(1, "kg", "km"));

    [Theory]
    [InlineData("12 km to mi", 12, "km", "mi")]
    [InlineData("5 kg in lb", 5, "kg", "lb")]
    [InlineData("-40 c", -40, "c", null)]
    public void Parses_requests(string text, double value, string from, string? to)
    {
        Assert.True(Units.TryParse(text, out var v, out var f, out var t));
        Assert.Equal((value, from, to), (v, f, t));
    }

    [Fact]
    public void Rejects_requests_without_a_quantity() => Assert.False(Units.TryParse("convert please", out _, out _, out _));
}
