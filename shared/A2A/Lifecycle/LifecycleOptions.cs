namespace Marketplace.A2A.Lifecycle;

public sealed class LifecycleOptions
{
    public const string Section = "A2A:Lifecycle";

    /// <summary>Longest a task may run at its agent before the marketplace fails it.</summary>
    public TimeSpan TaskDeadline { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a task waits for the caller's input (INPUT_REQUIRED) before it is failed.</summary>
    public TimeSpan InputTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a follower's claim on a task lasts without news; after a crash, the lifecycle takes over this long
    /// after the last relayed event.
    /// </summary>
    public TimeSpan FollowerLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one follow activity relays before handing back to the orchestration.</summary>
    public TimeSpan FollowBudget { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long after a task is stored its hand-off (usage record or lifecycle start) is left to the request that
    /// stored it; past that the sweeper does it, as the request's process may have died.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan HandOffGrace { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often each instance looks for hand-offs left undone.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan HandOffSweepInterval { get; set; } = TimeSpan.FromSeconds(30);
}
