using Marketplace.Graph;
using Marketplace.Reviews;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Registry;

/// <summary>
/// Reloads the ranking signals: review aggregates from the Reviews table and finished-task counts from the knowledge
/// graph. A failed pass keeps the previous signals, so search never waits on either store.
/// </summary>
public sealed class AgentSignalsRefresher(
    ReviewStore reviews, IKnowledgeGraph graph, AgentSignals signals, TimeProvider clock, IOptions<RegistryOptions> options,
    ILogger<AgentSignalsRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SignalsRefreshInterval, clock);
        do
        {
            try
            {
                signals.Replace(await reviews.AggregatesAsync(stoppingToken), await graph.TaskStatsAsync(stoppingToken));
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Ranking signals refresh failed; keeping the previous ones until the next tick");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
