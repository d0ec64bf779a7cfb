using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Marketplace.Security;

/// <summary>
/// Retries of upstream calls that are safe to repeat (Microsoft.Extensions.Http.Resilience): up to two more tries,
/// about 200 ms then 400 ms apart with jitter, when the upstream could not be reached or answered 502, 503 or 504.
/// Only a request marked <see cref="RetrySafe"/> is tried again: reads (a card or key set, an A2A GetTask or
/// CancelTask, MCP initialize and tools/list). A message sent to an agent, a tool call (it is billed), a push
/// notification are never marked: a failure after the upstream acted would make it act twice.
/// </summary>
public static class UpstreamRetry
{
    static readonly HttpRequestOptionsKey<bool> Safe = new("Marketplace.RetrySafe");

    /// <summary>Marks a request the upstream may receive twice without harm.</summary>
    public static HttpRequestMessage RetrySafe(this HttpRequestMessage request)
    {
        request.Options.Set(Safe, true);
        return request;
    }

    public static bool IsRetrySafe(HttpRequestMessage request) => request.Options.TryGetValue(Safe, out var safe) && safe;

    /// <summary>Adds the retry to a client, outside its primary handler (which keeps the SSRF guard's connect callback).</summary>
    public static IHttpClientBuilder AddUpstreamRetry(this IHttpClientBuilder builder)
    {
        builder.AddResilienceHandler("upstream-retry", pipeline => pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = 2,
            Delay = TimeSpan.FromMilliseconds(200),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            // A Retry-After of minutes would outlast every caller's deadline: the deadline decides instead.
            ShouldRetryAfterHeader = false,
            ShouldHandle = args => ValueTask.FromResult(Transient(args.Outcome) && args.Context.GetRequestMessage() is { } request && IsRetrySafe(request)),
        }));
        return builder;
    }

    static bool Transient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Result.StatusCode: HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout } => true,
        // A connection the SSRF guard refused stays refused.
        { Exception: HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded } failure } => !Refused(failure),
        _ => false,
    };

    static bool Refused(HttpRequestException failure) =>
        failure.Message == SsrfGuard.RefusedConnection || failure.InnerException is HttpRequestException { Message: SsrfGuard.RefusedConnection };
}
