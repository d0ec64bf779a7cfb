using DurableTask.Core;
using DurableTask.Core.History;

namespace Marketplace.Durable;

/// <summary>
/// Drops a start message that arrives again for an instance that has already started (Azure Storage backend, standalone).
/// </summary>
/// <remarks>
/// A control-queue message becomes visible again when it is not deleted within the visibility timeout (15 s here, so
/// a restart resumes quickly), which a loaded machine can exceed; a sub-orchestration's start message then reaches
/// the instance a second time. The backend checks repeated starts only for top-level instances, and the sidecar adds
/// every message to the history as it comes, so the repeated start made the episode fail ("Multiple
/// ExecutionStartedEvent found") and the instance stall, retried with back-off, behind it. The copy is the same start
/// (same execution id): taking it out of the work item leaves its queue message to be deleted with the rest.
/// </remarks>
static class RepeatedStarts
{
    public static async Task<TaskOrchestrationWorkItem?> DropAsync(Task<TaskOrchestrationWorkItem> locking)
    {
        var item = await locking;
        if (item?.OrchestrationRuntimeState?.ExecutionStartedEvent?.OrchestrationInstance?.ExecutionId is not { } started) return item;
        if (item.NewMessages.Any(m => IsStartOf(m, started)))
            item.NewMessages = item.NewMessages.Where(m => !IsStartOf(m, started)).ToList();
        return item;
    }

    static bool IsStartOf(TaskMessage message, string executionId) =>
        message.Event is ExecutionStartedEvent && message.OrchestrationInstance?.ExecutionId == executionId;
}
