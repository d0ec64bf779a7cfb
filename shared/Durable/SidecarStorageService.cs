using System.Reflection;
using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Query;

namespace Marketplace.Durable;

/// <summary>
/// The Azure Storage backend behind the gRPC sidecar, with two repairs for sub-orchestrations, which would otherwise
/// never get past their start: the sidecar hands their tags over as a protobuf <c>MapField</c>, which the backend
/// writes with its type name and cannot read back; and it records their creation as a subclass the backend writes as
/// an empty history row, after which the parent's history can no longer be loaded. Tags are copied into plain
/// dictionaries and the event into its base type; everything else goes to the backend unchanged.
/// </summary>
public class SidecarStorageService : DispatchProxy
{
    /// <summary>Every backend interface the sidecar and the clients use.</summary>
    public interface IBackend : IOrchestrationService, IOrchestrationServiceClient, IOrchestrationServiceQueryClient, IOrchestrationServicePurgeClient;

    object inner = null!;

    public static IBackend Wrap(AzureStorageOrchestrationService service)
    {
        var proxy = Create<IBackend, SidecarStorageService>();
        ((SidecarStorageService)(object)proxy).inner = service;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? method, object?[]? args)
    {
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
