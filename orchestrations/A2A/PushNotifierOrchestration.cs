using Marketplace.A2A.Protocol;
using Marketplace.A2A.Push;
using Microsoft.DurableTask;

namespace Marketplace.Orchestrations.A2A;

/// <summary>
/// Delivers a task's events to its webhooks, one event at a time in order, each delivery retried with exponential
/// backoff. A webhook that stays down loses that notification, not the later ones. Ends after the terminal event.
/// </summary>
public static class PushNotifierOrchestration
{
    // Events raised while a delivery runs wait in this execution's queue; restarting with a fresh history only after
    // this many keeps it small without relying on a backend to carry unprocessed events over.
    const int EventsPerExecution = 100;

    public static async Task<int> RunAsync(TaskOrchestrationContext context, PushNotifierInput input)
    {
        var retry = TaskOptions.FromRetryPolicy(new RetryPolicy(6, TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(1)));
        var delivered = 0;
        for (var i = 0; i < EventsPerExecution; i++)
        {
            var e = await context.WaitForExternalEvent<PushEvent>(PushNames.EventName);
            var targets = await context.CallActivityAsync<List<string>>(nameof(ListPushTargetsActivity), input);
            foreach (var configId in targets)
            {
                try
                {
                    if (await context.CallActivityAsync<bool>(nameof(DeliverPushActivity), new PushDelivery(input.TenantId, input.TaskId, configId, input.Issuer, e), retry))
                        delivered++;
                }
                catch (TaskFailedException)
                {
                    // Retries exhausted for this webhook; the failure is in the activity's log.
                }
            }
            var state = e.Event.StatusUpdate?.Status.State ?? e.Event.Task?.Status.State;
            if (state is { } s && s.IsTerminal()) return delivered;
        }
        context.ContinueAsNew(input, preserveUnprocessedEvents: true);
        return delivered;
    }
}
