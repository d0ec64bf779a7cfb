using System.ComponentModel.DataAnnotations;
using Marketplace.RateLimiting;
using Xunit;

namespace Marketplace.Tests.RateLimiting;

/// <summary>Lease settings a host refuses at start: a lease of nothing, one kept so briefly it is useless or so long it hoards.</summary>
public sealed class RateLimitOptionsTests
{
    static List<string> Errors(RateLimitOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.SelectMany(r => r.MemberNames).ToList();
    }

    [Fact]
    public void The_defaults_are_valid_and_out_of_range_settings_are_refused()
    {
        Assert.Empty(Errors(new RateLimitOptions()));
        Assert.Empty(Errors(new RateLimitOptions { LeaseMax = 1, LeaseFor = TimeSpan.FromMilliseconds(50), LeaseFromPerSecond = 1 }));
        Assert.Equal(["LeaseMax"], Errors(new RateLimitOptions { LeaseMax = 0 }));
        Assert.Equal(["LeaseFor"], Errors(new RateLimitOptions { LeaseFor = TimeSpan.FromMilliseconds(10) }));
        Assert.Equal(["LeaseFor"], Errors(new RateLimitOptions { LeaseFor = TimeSpan.FromSeconds(11) }));
        Assert.Equal(["LeaseFromPerSecond"], Errors(new RateLimitOptions { LeaseFromPerSecond = 0 }));
    }
}
