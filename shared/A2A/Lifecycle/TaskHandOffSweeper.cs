using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.A2A.Lifecycle;

/// <summary>
/// Completes, on every instance, the task hand-offs a crashed request left undone (see <see cref="TaskHandOffs"/>).
/// Standalone only, with the host's own Durable client; in Azure a timer-triggered function sweeps with the bound one.
/// </summary>
public sealed class TaskHandOffSweeper(
    TaskHandOffs handOffs, DurableTaskClient durable, IOptions<LifecycleOptions> options, TimeProvider clock, ILogger<TaskHandOffSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HandOffSweepInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await handOffs.SweepAsync(durable, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Sweeping task hand-offs failed; retrying on the next tick");
            }
        }
    }
}
