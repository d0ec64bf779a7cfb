using Marketplace.A2A.Push;
using Marketplace.A2A.Tasks;
using Microsoft.DurableTask;

namespace Marketplace.Orchestrations.A2A;

/// <summary>The webhooks configured for the task right now.</summary>
public sealed class ListPushTargetsActivity(IPushConfigStore configs) : TaskActivity<PushNotifierInput, List<string>>
{
    public override Task<List<string>> RunAsync(TaskActivityContext context, PushNotifierInput input) => RunAsync(input);

    public async Task<List<string>> RunAsync(PushNotifierInput input) =>
        (await configs.ListAsync(input.TenantId, input.TaskId, CancellationToken.None)).Select(c => c.Id!).ToList();
}
