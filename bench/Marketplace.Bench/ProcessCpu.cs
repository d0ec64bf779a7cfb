using System.Diagnostics;

namespace Marketplace.Bench;

/// <summary>The process's CPU time (all threads, user and kernel) since a start, per call made in between.</summary>
public readonly record struct ProcessCpu(TimeSpan StartedAt)
{
    public static ProcessCpu Start() => new(Process.GetCurrentProcess().TotalProcessorTime);

    public TimeSpan PerCall(int calls) => (Process.GetCurrentProcess().TotalProcessorTime - StartedAt) / calls;
}
