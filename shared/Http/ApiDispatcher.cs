using System.Text.Json;
using Marketplace.Durable;
using Marketplace.RateLimiting;
using Marketplace.Tenancy;
using Microsoft.DurableTask.Client;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Marketplace.Http;

/// <summary>
/// Runs a route the same way in both hosts: route values, authentication, role check, handler, and the guarantee that
/// any failure becomes a problem document (a 500 carries a trace id, never exception details).
/// </summary>
public sealed class ApiDispatcher(ApiRouteTable routes, Authenticator authenticator, PlanRateLimits limits, ILogger<ApiDispatcher> logger)
{
    /// <summary>
    /// Entry point for the Functions wrappers, which know only their route's name. Routes that start orchestrations
    /// pass the Durable client the Functions host bound to the invocation.
    /// </summary>
    public async Task<IResult> InvokeAsync(string routeName, HttpContext http, DurableTaskClient? durableClient = null)
    {
        using var _ = DurableClients.Bind(durableClient);
        return await ExecuteAsync(routes.Get(routeName), http);
    }

    public async Task<IResult> ExecuteAsync(ApiRoute route, HttpContext http)
    {
        try
        {
            var values = new RouteValueDictionary();
            if (!route.Matcher.TryMatch(http.Request.Path, values)) return Problems.NotFound("No such route.");
            var caller = route.Access.Anonymous ? Caller.Anonymous : await authenticator.AuthenticateAsync(http);
            if (caller is null || (!route.Access.Anonymous && !caller.IsAuthenticated))
                return Problems.Unauthorized("Send a valid API key in X-API-Key or Authorization: Bearer.");
            if (!route.Access.Anonymous && !route.Access.Allows(caller))
                return Problems.Forbidden($"This operation needs one of: {Describe(route.Access)}.");
            // Protocol endpoints authenticate (and so rate-limit) inside, in their own error shapes.
            if (!route.Access.Anonymous && await limits.CheckAsync(caller, RateScope.Tenant, null, http.RequestAborted) is { } limit)
            {
                PlanRateLimits.WriteHeaders(http.Response, limit);
                if (!limit.Decision.Allowed) return Problems.TooManyRequests($"The plan allows {limit.Policy.Limit} requests per minute.");
            }
            using var scope = caller.TenantId is null ? null : logger.BeginScope(new Dictionary<string, object> { ["TenantId"] = caller.TenantId });
            return await route.Handler(new ApiRequest(http, caller, values));
        }
        catch (ApiProblemException ex)
        {
            return ex.Problem;
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.Create(413, "payload-too-large", "The request body is too large.");
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return Results.Empty;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Unhandled error in {Route}", route.Name);
            return Problems.Internal();
        }
    }

    static string Describe(RouteAccess access) =>
        string.Join(", ", access.Roles.Select(r => JsonNamingPolicy.KebabCaseLower.ConvertName(r.ToString())).Concat(access.Admin ? ["platform admin"] : []));
}
