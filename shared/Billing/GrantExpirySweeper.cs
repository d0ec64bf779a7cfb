using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Billing;

/// <summary>The standalone host's look for expiring grants; in Azure the <c>sweep-expiring-grants</c> timer function does it.</summary>
public sealed class GrantExpirySweeper(BalanceAlerts alerts, IOptions<BalanceAlertOptions> options, TimeProvider clock, ILogger<GrantExpirySweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await alerts.SweepExpiringGrantsAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Looking for expiring grants failed; retrying on the next tick");
            }
        }
    }
}
