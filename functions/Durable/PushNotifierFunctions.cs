using Marketplace.A2A.Push;
using Marketplace.Orchestrations.A2A;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Marketplace.Functions.Durable;

public sealed class PushNotifierFunctions(ListPushTargetsActivity targets, DeliverPushActivity deliver)
{
    [Function(PushNames.Orchestration)]
    public Task<int> Orchestrate([OrchestrationTrigger] TaskOrchestrationContext context) =>
        PushNotifierOrchestration.RunAsync(context, context.GetInput<PushNotifierInput>()!);

    [Function(nameof(ListPushTargetsActivity))]
    public Task<List<string>> ListTargets([ActivityTrigger] PushNotifierInput input) => targets.RunAsync(input);

    [Function(nameof(DeliverPushActivity))]
    public Task<bool> Deliver([ActivityTrigger] PushDelivery input) => deliver.RunAsync(input);
}
