namespace Marketplace.Console.Workflows;

/// <summary>A step's progress in a run as the monitor shows it on its node: state, attempts and how long it took.</summary>
public sealed record StepStatus(string State, int Attempt, TimeSpan? Duration, int Runs)
{
    public string Label => Duration is { } d ? $"{State} · {Format(d)}" : State;

    public static string Format(TimeSpan d) => d.TotalSeconds < 1 ? $"{d.TotalMilliseconds:0} ms" : d.TotalMinutes < 1 ? $"{d.TotalSeconds:0.0} s" : $"{d:h\\:mm\\:ss}";
}
