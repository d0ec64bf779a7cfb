namespace Marketplace.A2A.Protocol;

public static class HistoryLength
{
    /// <summary>
    /// The specification's historyLength (§3.2.4): unset keeps the whole history, 0 omits it, n keeps the n most
    /// recent messages.
    /// </summary>
    public static AgentTask WithHistoryLength(this AgentTask task, int? historyLength) => historyLength switch
    {
        null => task,
        0 => task with { History = null },
        { } n => task with { History = task.History?.TakeLast(n).ToList() },
    };
}
