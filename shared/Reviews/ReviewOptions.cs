using System.ComponentModel.DataAnnotations;

namespace Marketplace.Reviews;

public sealed class ReviewOptions
{
    public const string Section = "Reviews";

    /// <summary>The rating an agent with no reviews is assumed to have.</summary>
    [Range(1.0, 5.0)]
    public double PriorMean { get; set; } = 3.5;

    /// <summary>How many imaginary reviews of <see cref="PriorMean"/> every agent starts with.</summary>
    [Range(0, 1000)]
    public int PriorWeight { get; set; } = 5;
}
