using Marketplace.A2A.Push;
using Microsoft.DurableTask;

namespace Marketplace.Orchestrations.A2A;

/// <summary>Sends one notification to one webhook; throwing makes the orchestration retry it.</summary>
public sealed class DeliverPushActivity(PushSender sender) : TaskActivity<PushDelivery, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, PushDelivery input) => RunAsync(input);

    public Task<bool> RunAsync(PushDelivery input) => sender.SendAsync(input, CancellationToken.None);
}
