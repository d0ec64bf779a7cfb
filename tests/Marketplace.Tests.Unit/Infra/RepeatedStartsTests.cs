using DurableTask.Core;
using DurableTask.Core.History;
using Marketplace.Durable;
using Xunit;

namespace Marketplace.Tests.Infra;

/// <summary>
/// The standalone Azure Storage backend's work items lose a start message that came again for an instance that has
/// started (which the sidecar would add to the history twice), and keep every other message.
/// </summary>
public sealed class RepeatedStartsTests
{
    static readonly OrchestrationInstance First = new() { InstanceId = "run-1:branch", ExecutionId = "e1" };

    static TaskMessage Start(OrchestrationInstance instance) =>
        new() { Event = new ExecutionStartedEvent(-1, "{}") { Name = "WorkflowFlow", OrchestrationInstance = instance }, OrchestrationInstance = instance };

    static TaskMessage Completed(int id) => new() { Event = new TaskCompletedEvent(-1, id, "{}"), OrchestrationInstance = First };

    static TaskOrchestrationWorkItem Item(IEnumerable<HistoryEvent> history, params TaskMessage[] messages) => new()
    {
        InstanceId = First.InstanceId, OrchestrationRuntimeState = new OrchestrationRuntimeState(history.ToList()), NewMessages = messages.ToList(),
    };

    [Fact]
    public async Task A_start_that_comes_again_for_a_started_instance_is_dropped_and_the_rest_kept()
    {
        var item = Item([Start(First).Event, new TaskScheduledEvent(0, "ToolStepActivity")], Start(First), Completed(0));
        var locked = await RepeatedStarts.DropAsync(Task.FromResult(item));
        Assert.Equal([EventType.TaskCompleted], locked!.NewMessages.Select(m => m.Event.EventType));
    }

    [Fact]
    public async Task A_first_start_and_a_new_generations_start_are_kept()
    {
        var fresh = await RepeatedStarts.DropAsync(Task.FromResult(Item([], Start(First))));
        Assert.Equal([EventType.ExecutionStarted], fresh!.NewMessages.Select(m => m.Event.EventType));

        var next = new OrchestrationInstance { InstanceId = First.InstanceId, ExecutionId = "e2" };
        var again = await RepeatedStarts.DropAsync(Task.FromResult(Item([Start(First).Event], Start(next))));
        Assert.Equal(["e2"], again!.NewMessages.Select(m => m.OrchestrationInstance.ExecutionId));
    }

    [Fact]
    public async Task No_work_item_passes_through()
    {
        Assert.Null(await RepeatedStarts.DropAsync(Task.FromResult<TaskOrchestrationWorkItem>(null!)));
    }
}
