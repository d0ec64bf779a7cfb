using System.Text.Json;
using Marketplace.Errors;
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
public sealed class ApiDispatcher(ApiRouteTable routes, Authenticator authenticator, PlanRateLimits limits, Audit.RouteAudit audit, ILogger<ApiDispatcher> logger)
{
    /// <summary>
    /// Entry point for the Functions wrappers, which know only their route's name. Every wrapper binds the Durable
    /// client: in Azure it exists only as a binding, and which routes reach an orchestration (a tool call that turns
    /// into a long-running task, say) is not something a wrapper should have to know.
    /// </summary>
    public Task<IResult> InvokeAsync(string routeName, HttpContext http, DurableTaskClient durable) => ExecuteAsync(routes.Get(routeName), http, durable);

    /// <param name="durable">The invocation's Durable client, carried on the <see cref="ApiRequest"/> to the handler.</param>
    public async Task<IResult> ExecuteAsync(ApiRoute route, HttpContext http, DurableTaskClient durable)
    {
        try
        {
            var values = new RouteValueDictionary();
            if (!route.Matcher.TryMatch(http.Request.Path, values)) return Problems.NotFound("No such route.");
            var authentication = route.Access.Open && !route.Access.IdentifiesCaller ? Authentication.Of(Caller.Anonymous) : await authenticator.AuthenticateAsync(http);
            if (authentication.Failure is { Status: 403 } notMember) return Problems.Forbidden(notMember.Description);
            if (authentication.Failure is { InvalidToken: true } invalid) return Problems.InvalidToken(invalid.Description);
            var caller = authentication.Caller;
            if (caller is null || (!route.Access.Open && !caller.IsAuthenticated))
                return Problems.Unauthorized("Send a valid API key in X-API-Key, or a key or access token in Authorization: Bearer.");
            if (!route.Access.Open && !route.Access.Allows(caller))
                return Problems.Forbidden(caller.TenantId is null && caller.IsSignedIn
                    ? "You are not a member of any tenant: accept an invitation, or name a tenant you belong to in X-Tenant."
                    : $"This operation needs one of: {Describe(route.Access)}.");
            if (!route.Access.Open && !route.Access.ScopeAllows(caller))
                return Problems.Forbidden($"This key's scopes ({string.Join(", ", caller.Scopes!)}) do not cover this operation.");
            // Self-authenticated (protocol) routes rate-limit inside, once they know the caller; anonymous ones carry no
            // caller to count against a plan.
            if (!route.Access.Open && await limits.CheckAsync(caller, RateScope.Tenant, null, http.RequestAborted) is { } limit)
            {
                PlanRateLimits.WriteHeaders(http.Response, limit);
                if (!limit.Decision.Allowed) return Problems.TooManyRequests($"The plan allows {limit.Policy.Limit} requests per minute.");
            }
            // Path ids are only ever looked up: one no resource could have is simply not found, before any store sees it.
            // Protocol routes (no document) answer in their own shapes and check their ids themselves.
            if (route.Doc is not null && values.FirstOrDefault(v => !IsCatchAll(route, v.Key) && !route.ForeignNames.Contains(v.Key) && !Ids.CanNameResource(Convert.ToString(v.Value) ?? "")) is { Key: { } name })
                return Problems.NotFound($"No such {name}.");
            using var scope = caller.TenantId is null ? null : logger.BeginScope(new Dictionary<string, object> { ["TenantId"] = caller.TenantId });
            var request = new ApiRequest(http, caller, values, durable);
            var result = await route.Handler(request);
            if (route.Doc is not null && route.Method != "GET") await audit.RecordAsync(route, request, result);
            return result;
        }
        catch (DomainException ex)
        {
            return Problems.From(ex.Error);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.Create(413, "payload-too-large", "The request body is too large.");
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's own verdict on the body (truncated, bad chunking, too slow), raised while a handler reads it.
            return Problems.Create(ex.StatusCode, "bad-request", "The request is not valid.", "The request body could not be read.");
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

    static bool IsCatchAll(ApiRoute route, string name) => route.Pattern.Contains("{*" + name + "}", StringComparison.Ordinal);

    static string Describe(RouteAccess access) =>
        string.Join(", ", access.Roles.Select(r => JsonNamingPolicy.KebabCaseLower.ConvertName(r.ToString())).Concat(access.Admin ? ["platform admin"] : []));
}
