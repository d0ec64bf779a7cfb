namespace Marketplace.Console.Charts;

/// <summary>One named series of a bar chart: a value per category, in the chart's category order.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double> Values);
