using System.Runtime.CompilerServices;
using System.Text.Json;
using Marketplace.A2A.Gateway;
using Marketplace.A2A.Protocol;
using Marketplace.A2A.Server;
using Marketplace.A2A.Tasks;
using Marketplace.Registry;
using Marketplace.Tenancy;
using Marketplace.Workflows.Engine;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Marketplace.Errors;

namespace Marketplace.Workflows.Agent;

/// <summary>
/// The A2A face of a tenant's runs: <c>SendMessage</c> starts a run (the message id is its idempotency key), and the
/// task is the run (same id), whose state follows the run's until it ends with the run's output as an artifact.
/// </summary>
public sealed class OrchestratorHandler(Caller caller, WorkflowRuns runs, RunStore store, DurableTaskClient durable) : IA2AHandler
{
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(300);

    string TenantId => caller.TenantId!;

    public async Task<SendMessageResponse> SendMessageAsync(SendMessageRequest request, CancellationToken ct) =>
        new() { Task = Task(await StartAsync(request, ct)) };

    public async IAsyncEnumerable<StreamResponse> SendStreamingMessageAsync(SendMessageRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        var run = await StartAsync(request, ct);
        await foreach (var e in FollowAsync(run, ct)) yield return e;
    }

    public async Task<AgentTask> GetTaskAsync(GetTaskRequest request, CancellationToken ct) => Task(await FindAsync(request.Id, ct));

    public async Task<ListTasksResponse> ListTasksAsync(ListTasksRequest request, CancellationToken ct)
    {
        var pageSize = request.PageSize ?? 50;
        if (pageSize is < 1 or > 100) throw A2AError.InvalidParams("pageSize", "must be between 1 and 100");
        var page = await store.ListAsync(TenantId, null, null, pageSize, string.IsNullOrEmpty(request.PageToken) ? null : request.PageToken, ct);
        var tasks = page.Items.Where(r => r.ContextId is not null && (request.ContextId is null || r.ContextId == request.ContextId)).Select(Task).ToList();
        return new ListTasksResponse(tasks, page.NextCursor ?? "", pageSize, tasks.Count);
    }

    public async Task<AgentTask> CancelTaskAsync(CancelTaskRequest request, CancellationToken ct)
    {
        var run = await FindAsync(request.Id, ct);
        if (run.State.IsFinished()) throw A2AError.TaskNotCancelable(run.RunId, Task(run).Status.State);
        await Rejections(() => runs.ControlAsync(caller, run.RunId, ControlSignal.Cancel, durable, ct));
        return Task(await FindAsync(request.Id, ct));
    }

    public async IAsyncEnumerable<StreamResponse> SubscribeToTaskAsync(SubscribeToTaskRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        var run = await FindAsync(request.Id, ct);
        if (run.State.IsFinished()) throw A2AError.UnsupportedOperation($"task {run.RunId} has already ended");
        await foreach (var e in FollowAsync(run, ct)) yield return e;
    }

    public Task<TaskPushNotificationConfig> CreatePushConfigAsync(TaskPushNotificationConfig request, CancellationToken ct) => throw A2AError.PushNotificationNotSupported();

    public Task<TaskPushNotificationConfig> GetPushConfigAsync(GetTaskPushNotificationConfigRequest request, CancellationToken ct) => throw A2AError.PushNotificationNotSupported();

    public Task<ListTaskPushNotificationConfigsResponse> ListPushConfigsAsync(ListTaskPushNotificationConfigsRequest request, CancellationToken ct) => throw A2AError.PushNotificationNotSupported();

    public Task DeletePushConfigAsync(DeleteTaskPushNotificationConfigRequest request, CancellationToken ct) => throw A2AError.PushNotificationNotSupported();

    public Task<AgentCard> GetExtendedAgentCardAsync(GetExtendedAgentCardRequest request, CancellationToken ct) => throw A2AError.ExtendedAgentCardNotConfigured();

    /// <summary>The workflow is the skill named in metadata; the input is the first data part, else the text as <c>{"text": …}</c>.</summary>
    async Task<WorkflowRun> StartAsync(SendMessageRequest request, CancellationToken ct)
    {
        var message = request.Message;
        MessageValidation.Validate(message);
        if (message.TaskId is not null) throw A2AError.UnsupportedOperation("a run takes no further messages; approve steps through the runs API");
        var workflowId = message.Metadata is { ValueKind: JsonValueKind.Object } m && m.TryGetProperty("skill", out var s) && s.ValueKind == JsonValueKind.String
            ? s.GetString()! : throw A2AError.InvalidParams("message.metadata.skill", "name the workflow to run");
        var input = message.Parts.FirstOrDefault(p => p.Data is not null)?.Data
            ?? JsonSerializer.SerializeToElement(new { text = string.Join("\n", message.Parts.Select(p => p.Text).Where(t => t is not null)) });
        var contextId = message.ContextId ?? ContextIds.New();
        var (run, _) = await Rejections(() => runs.StartAsync(caller, workflowId, null, input, "a2a:" + message.MessageId, durable, ct, contextId));
        return run;
    }

    /// <summary>The run's task now, then a status update at each change of state, until it ends.</summary>
    async IAsyncEnumerable<StreamResponse> FollowAsync(WorkflowRun run, [EnumeratorCancellation] CancellationToken ct)
    {
        var task = Task(run);
        yield return new StreamResponse { Task = task };
        var state = task.Status.State;
        while (!state.IsTerminal())
        {
            await System.Threading.Tasks.Task.Delay(PollInterval, ct);
            var current = Task(await FindAsync(run.RunId, ct));
            if (current.Status.State == state) continue;
            state = current.Status.State;
            if (current.Artifacts is { } artifacts)
                foreach (var artifact in artifacts) yield return new StreamResponse { ArtifactUpdate = new TaskArtifactUpdateEvent(current.Id, current.ContextId!, artifact) { LastChunk = true } };
            yield return new StreamResponse { StatusUpdate = new TaskStatusUpdateEvent(current.Id, current.ContextId!, current.Status) };
        }
    }

    async Task<WorkflowRun> FindAsync(string id, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(id)) throw A2AError.InvalidParams("id", "required");
        // Only runs started over A2A are tasks; others are as unknown as another tenant's.
        return await store.GetAsync(TenantId, id, ct) is { ContextId: not null } run ? run : throw A2AError.TaskNotFound(id);
    }

    static AgentTask Task(WorkflowRun run)
    {
        var (state, text) = run.State switch
        {
            RunState.Pending => (TaskState.Submitted, null),
            RunState.Completed => (TaskState.Completed, null),
            RunState.Cancelled => (TaskState.Canceled, null),
            RunState.Failed or RunState.Compensated => (TaskState.Failed, run.Error),
            _ => (TaskState.Working, run.State == RunState.Suspended ? "The run is suspended." : null),
        };
        var status = new A2A.Protocol.TaskStatus(state)
        {
            Timestamp = run.UpdatedAt,
            Message = text is null ? null : new Message("status-" + run.RunId, MessageRole.Agent, [Part.FromText(text)]) { TaskId = run.RunId, ContextId = run.ContextId },
        };
        return new AgentTask(run.RunId, status)
        {
            ContextId = run.ContextId,
            Artifacts = state == TaskState.Completed && run.Output is { } output ? [new Artifact("output", [new Part { Data = output }]) { Name = "output" }] : null,
            Metadata = JsonSerializer.SerializeToElement(new { workflowId = run.WorkflowId, version = run.Version, runState = run.State.ToString().ToLowerInvariant() }),
        };
    }

    /// <summary>Workflow refusals as A2A errors: missing credit keeps its marketplace reason; the rest are bad parameters.</summary>
    static async Task<T> Rejections<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (DomainException rejection)
        {
            throw A2AError.From(rejection.Error, "message");
        }
    }
}
