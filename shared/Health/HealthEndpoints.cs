using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Marketplace.Health;

public sealed record DependencyHealth(string Name, string Status, double LatencyMs, string? Detail);

public sealed record HealthReportView(string Status, IReadOnlyList<DependencyHealth> Dependencies);

public static class HealthEndpoints
{
    public static async Task<IResult> Get(ApiRequest request)
    {
        var report = await request.Service<HealthCheckService>().CheckHealthAsync(request.Aborted);
        var view = new HealthReportView(
            report.Status == HealthStatus.Healthy ? "healthy" : "unhealthy",
            report.Entries.Select(e => new DependencyHealth(
                e.Key,
                e.Value.Status == HealthStatus.Healthy ? "healthy" : "unhealthy",
                Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                // Exception messages can be long; the type and first line say enough without leaking configuration.
                e.Value.Exception is { } ex ? $"{ex.GetType().Name}: {ex.Message.Split('\n')[0][..Math.Min(200, ex.Message.Split('\n')[0].Length)]}" : e.Value.Description))
            .ToList());
        return Results.Json(view, statusCode: report.Status == HealthStatus.Healthy ? 200 : 503);
    }
}
