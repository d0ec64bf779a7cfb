using Marketplace.Http;
using Marketplace.Security;
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
                // Anyone may call this: a fixed phrase, never an exception's text (endpoints, addresses, .NET types).
                e.Value.Exception is { } ex ? OutboundFailure.Describe(Innermost(ex)) : e.Value.Description))
            .ToList());
        return Results.Json(view, statusCode: report.Status == HealthStatus.Healthy ? 200 : 503);
    }

    /// <summary>The SDKs wrap the transport's failure (retries, request-failed wrappers): the innermost one says what happened.</summary>
    static Exception Innermost(Exception ex) => ex.InnerException is { } inner ? Innermost(inner is AggregateException { InnerExceptions: [var first, ..] } ? first : inner) : ex;
}
