namespace Marketplace.A2A.Lifecycle;

/// <summary>Input of the durable task lifecycle: which task, and its deadlines.</summary>
public sealed record TaskLifecycleInput(string TenantId, string TaskId, DateTimeOffset Deadline, TimeSpan InputTimeout);

/// <summary>Input of the follow, expire and usage activities.</summary>
public sealed record TaskRef(string TenantId, string TaskId);

/// <summary>Signals the gateway sends a running lifecycle.</summary>
public static class LifecycleSignals
{
    public const string EventName = "signal";
    public const string Input = "input";
    public const string Cancel = "cancel";
}
