using System.Reflection;
using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Query;
using Microsoft.DurableTask.Testing.Sidecar;

namespace Marketplace.Durable;

/// <summary>
/// A backend as the gRPC sidecar sees it, with what the sidecar needs fixed on the way.
/// <list type="bullet">
/// <item>Azure Storage: two repairs for sub-orchestrations, which would otherwise never get past their start. The
/// sidecar hands their tags over as a protobuf <c>MapField</c>, which the backend writes with its type name and cannot
/// read back; and it records their creation as a subclass the backend writes as an empty history row, after which the
/// parent's history can no longer be loaded. Tags are copied into plain dictionaries and the event into its base type.</item>
/// <item>Azure Storage: a sub-orchestration's start message that comes again (its visibility timeout ran out on a
/// loaded machine) is taken out of the work item, as the sidecar would add it to the history twice (<see cref="RepeatedStarts"/>).</item>
/// <item>Azure Storage: the sidecar reads one activity work item at a time, one queue read each; several reads are
/// kept outstanding while the queue is busy (<see cref="ActivityReads"/>).</item>
/// <item>In memory: the service admits as many work items at once as there are processors, and the sidecar waits half
/// a second whenever that many are out; a run that fans out to sub-orchestrations on two cores spends most of its
/// time in that wait. It is given a fixed, larger limit.</item>
/// </list>
/// Everything else goes to the backend unchanged.
/// </summary>
public class SidecarBackend : DispatchProxy
{
    const int InMemoryConcurrency = 64;

    /// <summary>The most reads of the Azure Storage work-item queue kept outstanding while it is busy (<see cref="ActivityReads"/>).</summary>
    const int ActivityReadsAhead = 4;

    /// <summary>Every backend interface the sidecar and the clients use.</summary>
    public interface IBackend : IOrchestrationService, IOrchestrationServiceClient, IOrchestrationServiceQueryClient, IOrchestrationServicePurgeClient;

    object inner = null!;
    int? concurrency;
    ActivityReads? activityReads;

    public static IBackend Wrap(AzureStorageOrchestrationService service) => Create(service, null, new ActivityReads(service, ActivityReadsAhead));

    public static IBackend Wrap(InMemoryOrchestrationService service) => Create(service, InMemoryConcurrency, null);

    static IBackend Create(object service, int? concurrency, ActivityReads? reads)
    {
        var proxy = Create<IBackend, SidecarBackend>();
        ((SidecarBackend)(object)proxy).inner = service;
        ((SidecarBackend)(object)proxy).concurrency = concurrency;
        ((SidecarBackend)(object)proxy).activityReads = reads;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? method, object?[]? args)
    {
        if (activityReads is not null && method!.Name == nameof(IOrchestrationService.LockNextTaskActivityWorkItem))
            return activityReads.NextAsync((TimeSpan)args![0]!, (CancellationToken)args[1]!);
        if (inner is AzureStorageOrchestrationService && method!.Name == nameof(IOrchestrationService.LockNextTaskOrchestrationWorkItemAsync))
            return RepeatedStarts.DropAsync((Task<TaskOrchestrationWorkItem>)Call(method, args)!);
        if (concurrency is { } limit && method!.Name is "get_" + nameof(IOrchestrationService.MaxConcurrentTaskOrchestrationWorkItems)
            or "get_" + nameof(IOrchestrationService.MaxConcurrentTaskActivityWorkItems))
            return limit;
        if (method!.Name == nameof(IOrchestrationService.CompleteTaskOrchestrationWorkItemAsync))
            foreach (var arg in args ?? [])
                switch (arg)
                {
                    case OrchestrationRuntimeState state:
                        Repair(state.NewEvents);
                        Repair(state.Events);
                        break;
                    case IEnumerable<TaskMessage> messages:
                        foreach (var message in messages) Repair(message.Event);
                        break;
                    case TaskMessage message:
                        Repair(message.Event);
                        break;
                }
        return Call(method, args);
    }

    object? Call(MethodInfo method, object?[]? args)
    {
        try
        {
            return method.Invoke(inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }

    /// <summary>
    /// The sidecar records sub-orchestration starts as its own subclass of the event, which is no data contract, so
    /// the backend writes it as an empty row; the base event carries everything the history needs.
    /// </summary>
    static void Repair(IList<HistoryEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is SubOrchestrationInstanceCreatedEvent created && created.GetType() != typeof(SubOrchestrationInstanceCreatedEvent))
                events[i] = new SubOrchestrationInstanceCreatedEvent(created.EventId)
                {
                    Name = created.Name, Version = created.Version, InstanceId = created.InstanceId, Input = created.Input,
                    ClientSpanId = created.ClientSpanId, Tags = created.Tags, Timestamp = created.Timestamp, IsPlayed = created.IsPlayed,
                };
            Repair(events[i]);
        }
    }

    static void Repair(HistoryEvent e)
    {
        switch (e)
        {
            case ExecutionStartedEvent { Tags: { } tags } started when tags is not Dictionary<string, string>:
                started.Tags = new Dictionary<string, string>(tags);
                break;
            case SubOrchestrationInstanceCreatedEvent { Tags: { } tags } created when tags is not Dictionary<string, string>:
                created.Tags = new Dictionary<string, string>(tags);
                break;
            case TaskScheduledEvent { Tags: { } tags } scheduled when tags is not Dictionary<string, string>:
                scheduled.Tags = new Dictionary<string, string>(tags);
                break;
        }
    }
}
