using System.Reflection;
using Marketplace.Http;
using Marketplace.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Marketplace.Health;

public sealed record DependencyHealth(string Name, string Status, double LatencyMs, string? Detail);

public sealed record HealthReportView(string Status, IReadOnlyList<DependencyHealth> Dependencies);

public sealed class HealthEndpoints(HealthCheckService checks)
{
    public async Task<Results<Ok<HealthReportView>, Unhealthy>> Get(ApiRequest request)
    {
        var registered = checks.CheckHealthAsync(request.Aborted);
        var durable = DurableHealthCheck.CheckAsync(request.Durable, HealthModule.CheckTimeout, request.Aborted);
        var report = await registered;
        var entries = report.Entries.Append(new(DurableHealthCheck.Name, await durable)).ToList();
        var healthy = entries.All(e => e.Value.Status == HealthStatus.Healthy);
        var view = new HealthReportView(
            healthy ? "healthy" : "unhealthy",
            entries.Select(e => new DependencyHealth(
                e.Key,
                e.Value.Status == HealthStatus.Healthy ? "healthy" : "unhealthy",
                Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                // Anyone may call this: a fixed phrase, never an exception's text (endpoints, addresses, .NET types).
                e.Value.Exception is { } ex ? OutboundFailure.Describe(Innermost(ex)) : e.Value.Description))
            .ToList());
        return healthy ? TypedResults.Ok(view) : new Unhealthy(view);
    }

    /// <summary>The SDKs wrap the transport's failure (retries, request-failed wrappers): the innermost one says what happened.</summary>
    static Exception Innermost(Exception ex) => ex.InnerException is { } inner ? Innermost(inner is AggregateException { InnerExceptions: [var first, ..] } ? first : inner) : ex;
}

/// <summary>503 with the whole report, so a probe sees which dependency is down.</summary>
public sealed class Unhealthy(HealthReportView report) : IResult, IEndpointMetadataProvider
{
    public Task ExecuteAsync(HttpContext httpContext) => TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status503ServiceUnavailable, typeof(HealthReportView), ["application/json"]) { Description = "A dependency is down" });
}
