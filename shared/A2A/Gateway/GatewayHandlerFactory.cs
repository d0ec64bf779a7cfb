using System.Diagnostics;
using Marketplace.A2A.Protocol;
using Marketplace.RateLimiting;
using Marketplace.Registry;
using Marketplace.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Marketplace.A2A.Gateway;

/// <summary>Resolves the caller and the listing behind a gateway request; failures are A2A errors.</summary>
public sealed class GatewayHandlerFactory(
    Authenticator authenticator, AgentService agents, UpstreamAgents upstreams, PlanRateLimits limits, GatewayOperations gateway,
    IOptions<Hosting.MarketplaceOptions> marketplace)
{
    /// <param name="durable">The request's Durable client, with which the handler starts and signals orchestrations.</param>
    public async Task<GatewayHandler> CreateAsync(HttpContext http, string agentId, DurableTaskClient durable)
    {
        var caller = CallerOf(await authenticator.AuthenticateAsync(http), http);
        // A whole request of the tenant, and a call of this agent: each limit counts once per request.
        foreach (var (scope, subject) in new[] { (RateScope.Tenant, (string?)null), (RateScope.Agent, agentId) })
        {
            if (await limits.CheckAsync(caller, scope, subject, http.RequestAborted) is not { } limit) continue;
            PlanRateLimits.WriteHeaders(http.Response, limit);
            if (!limit.Decision.Allowed) throw A2AError.RateLimited($"The plan allows {limit.Policy.Limit} {(scope == RateScope.Agent ? "calls of one agent" : "requests")} per minute.");
        }
        return await CreateForCallerAsync(caller, agentId, Hosting.PublicUrls.Base(marketplace.Value), durable, http.RequestAborted);
    }

    /// <summary>
    /// The caller of an agent call, or the A2A error: 401 for a missing or refused credential (a refused token's
    /// challenge says <c>invalid_token</c>), 403 for a non-member, the billing role, or a key without <c>agents:call</c>.
    /// </summary>
    public static Caller CallerOf(Authentication authentication, HttpContext http)
    {
        var caller = Identified(authentication, http);
        EnsureMayCallAgents(caller);
        return caller;
    }

    /// <summary>The billing role, and keys narrowed to other scopes, may not call agents, whichever way they ask.</summary>
    public static void EnsureMayCallAgents(Caller caller)
    {
        if (caller.Role == Role.Billing) throw A2AError.PermissionDenied("The billing role sees statements and usage; it cannot call agents.");
        if (!caller.HasScope(KeyScopes.AgentsCall)) throw A2AError.PermissionDenied($"This key's scopes do not include {KeyScopes.AgentsCall}.");
    }

    /// <summary>
    /// The authenticated caller of an A2A endpoint, whatever its role, or the A2A error: 401 for a missing or refused
    /// credential, 403 for a non-member.
    /// </summary>
    public static Caller Identified(Authentication authentication, HttpContext http)
    {
        if (authentication.Failure is { Status: 403 } notMember) throw A2AError.PermissionDenied(notMember.Description);
        if (authentication.Failure is { InvalidToken: true } invalid) http.Response.Headers.WWWAuthenticate = Http.Problems.InvalidTokenChallenge(invalid.Description);
        var caller = authentication.Caller;
        if (caller is null || !caller.IsAuthenticated) throw A2AError.Unauthenticated();
        return caller;
    }

    /// <summary>A handler for a caller already authenticated elsewhere (the MCP hub's agent-skill tools).</summary>
    public async Task<GatewayHandler> CreateForCallerAsync(Caller caller, string agentId, string baseUrl, DurableTaskClient durable, CancellationToken ct)
    {
        if (caller.TenantId is null) throw A2AError.PermissionDenied("Tasks belong to tenants; call with a tenant's API key, not the platform admin key.");
        // Who and what a request concerns travels on its trace, and so into every log line and span below it.
        Activity.Current?.SetTag("marketplace.tenant_id", caller.TenantId).SetTag("marketplace.agent_id", agentId);
        var listing = await agents.FindForCallAsync(caller, agentId, ct) ?? throw A2AError.AgentNotFound(agentId);
        return new GatewayHandler(new GatewayCall(caller, listing, upstreams.For(listing.Card), baseUrl, durable), gateway);
    }
}
