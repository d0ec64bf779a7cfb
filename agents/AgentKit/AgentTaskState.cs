using System.Threading.Channels;
using Marketplace.A2A.Gateway;
using Marketplace.A2A.Protocol;
using TaskStatus = Marketplace.A2A.Protocol.TaskStatus;

namespace Marketplace.Agents;

/// <summary>One task in an agent's memory: its current state, its open streams, and the skill run behind it.</summary>
public sealed class AgentTaskState
{
    readonly object gate = new();
    readonly List<Channel<StreamResponse>> subscribers = [];
    readonly CancellationTokenSource cancellation = new();
    TaskCompletionSource changed = NewSignal();
    TaskCompletionSource<string>? pendingInput;
    AgentTask task;

    public AgentTaskState(AgentTask task) => this.task = task;

    public string Id => task.Id;

    public string ContextId => task.ContextId!;

    public AgentTask Snapshot
    {
        get { lock (gate) return task; }
    }

    public CancellationToken Cancellation => cancellation.Token;

    public bool IsSettled => Snapshot.Status.State.IsTerminal() || Snapshot.Status.State.IsInterrupted();

    /// <summary>The task now, and every event after it, with nothing lost or repeated in between.</summary>
    public (AgentTask Snapshot, ChannelReader<StreamResponse> Events, Action Unsubscribe) Subscribe()
    {
        var channel = Channel.CreateUnbounded<StreamResponse>();
        lock (gate)
        {
            subscribers.Add(channel);
            return (task, channel.Reader, () => { lock (gate) subscribers.Remove(channel); });
        }
    }

    public Task SetStatusAsync(TaskState state, string? text = null, System.Text.Json.JsonElement? metadata = null)
    {
        var status = new TaskStatus(state) { Timestamp = DateTimeOffset.UtcNow, Message = text is null ? null : AgentMessage(text) };
        return PublishAsync(new StreamResponse { StatusUpdate = new TaskStatusUpdateEvent(Id, ContextId, status) { Metadata = metadata } });
    }

    public Task EmitArtifactAsync(Artifact artifact, bool append, bool lastChunk) =>
        PublishAsync(new StreamResponse { ArtifactUpdate = new TaskArtifactUpdateEvent(Id, ContextId, artifact) { Append = append, LastChunk = lastChunk } });

    public async Task<string> AskAsync(string question, CancellationToken ct)
    {
        var input = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate) pendingInput = input;
        await SetStatusAsync(TaskState.InputRequired, question);
        using var registration = ct.Register(() => input.TrySetCanceled(ct));
        return await input.Task;
    }

    /// <summary>
    /// Hands the caller's follow-up message to a skill waiting for input; false when none is waiting. The task is
    /// working again before this returns, so a caller waiting for it to settle waits for the skill's answer.
    /// </summary>
    public async Task<bool> ProvideInputAsync(Message message)
    {
        TaskCompletionSource<string>? input;
        lock (gate)
        {
            input = pendingInput;
            pendingInput = null;
            if (input is null) return false;
            task = task with { History = [.. task.History ?? [], message] };
        }
        await SetStatusAsync(TaskState.Working);
        return input.TrySetResult(string.Join("\n", message.Parts.Select(p => p.Text).Where(t => t is not null)));
    }

    /// <summary>Ends the task; once it has ended, later changes are ignored (see <see cref="PublishAsync"/>).</summary>
    public Task FinishAsync(TaskState state, string? text = null, System.Text.Json.JsonElement? metadata = null) => SetStatusAsync(state, text, metadata);

    public void Cancel() => cancellation.Cancel();

    /// <summary>Waits until the task ends or waits for input.</summary>
    public async Task WaitSettledAsync(CancellationToken ct)
    {
        while (true)
        {
            Task signal;
            lock (gate)
            {
                if (task.Status.State.IsTerminal() || task.Status.State.IsInterrupted()) return;
                signal = changed.Task;
            }
            await signal.WaitAsync(ct);
        }
    }

    Task PublishAsync(StreamResponse e)
    {
        TaskCompletionSource signal;
        lock (gate)
        {
            if (task.Status.State.IsTerminal()) return Task.CompletedTask;
            task = TaskTranslation.Apply(task, e);
            foreach (var subscriber in subscribers) subscriber.Writer.TryWrite(e);
            signal = changed;
            changed = NewSignal();
        }
        signal.TrySetResult();
        return Task.CompletedTask;
    }

    Message AgentMessage(string text) => new("msg-" + Guid.NewGuid().ToString("N"), MessageRole.Agent, [Part.FromText(text)]) { TaskId = Id, ContextId = ContextId };

    static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
