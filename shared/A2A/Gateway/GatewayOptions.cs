using System.ComponentModel.DataAnnotations;

namespace Marketplace.A2A.Gateway;

public sealed class GatewayOptions
{
    public const string Section = "A2A";

    /// <summary>Longest a blocking call to an agent may take.</summary>
    public TimeSpan UpstreamTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>How often a task whose agent cannot stream is polled while the gateway follows it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    [Range(1024, 64 * 1024 * 1024)]
    public long MaxRequestBytes { get; set; } = 1024 * 1024;

    [Range(1, 1000)]
    public int MaxPageSize { get; set; } = 100;

    /// <summary>
    /// TEST ONLY — never set in a deployment. Kills the process (as SIGKILL would) right after a caller's message is
    /// stored as a task (new or continued) and before its hand-off (usage record, lifecycle start or input signal),
    /// so crash tests can prove the hand-off survives.
    /// </summary>
    public bool KillProcessAfterTaskSave { get; set; }

    /// <summary>
    /// TEST ONLY — never set in a deployment. Kills the process right after the outbox has queued the usage of tasks
    /// billed within their request and before their outbox rows are deleted, so crash tests can prove the bill is
    /// sent again by the sweeper and booked once.
    /// </summary>
    public bool KillProcessAfterUsageSend { get; set; }
}
