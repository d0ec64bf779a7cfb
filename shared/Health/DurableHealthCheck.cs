using System.Diagnostics;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Marketplace.Health;

/// <summary>
/// The Durable Task backend answers an instance query, asked through the request's own client: in Azure the isolated
/// worker's DI holds none (the only one is the Functions host's binding, which the wrapper passes in), standalone it
/// is the sidecar's. Not a registered <see cref="IHealthCheck"/>, which could only look a client up from DI.
/// </summary>
public static class DurableHealthCheck
{
    public const string Name = "durable";

    public static async Task<HealthReportEntry> CheckAsync(DurableTaskClient durable, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await foreach (var _ in durable.GetAllInstancesAsync(new OrchestrationQuery { PageSize = 1 }).AsPages().WithCancellation(deadline.Token)) break;
            return new HealthReportEntry(HealthStatus.Healthy, null, Stopwatch.GetElapsedTime(started), null, null);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            return new HealthReportEntry(HealthStatus.Unhealthy, null, Stopwatch.GetElapsedTime(started), ex, null);
        }
    }
}
