using Marketplace.A2A.Push;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Marketplace.Orchestrations.A2A;

/// <summary>Sends one notification to one webhook; throwing makes the orchestration retry it.</summary>
public sealed class DeliverPushActivity(PushSender sender, ILogger<DeliverPushActivity> logger) : TaskActivity<PushDelivery, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, PushDelivery input) => RunAsync(input);

    public async Task<bool> RunAsync(PushDelivery input)
    {
        using var scope = LogScopes.Task(logger, input.TenantId, input.TaskId);
        return await sender.SendAsync(input, CancellationToken.None);
    }
}
