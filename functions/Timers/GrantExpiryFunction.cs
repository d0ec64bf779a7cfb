using Marketplace.Billing;
using Microsoft.Azure.Functions.Worker;

namespace Marketplace.Functions.Timers;

public sealed class GrantExpiryFunction(BalanceAlerts alerts)
{
    // Hourly, the default Billing:Alerts:SweepInterval; each grant is announced once however often this runs.
    [Function("sweep-expiring-grants")]
    public Task Run([TimerTrigger("0 0 * * * *")] TimerInfo timer, CancellationToken ct) => alerts.SweepExpiringGrantsAsync(ct);
}
