using Marketplace.Billing;
using Marketplace.Tenancy;
using Microsoft.AspNetCore.Http;

namespace Marketplace.RateLimiting;

/// <summary>What a plan limits: every request of a tenant, its calls to one agent, its calls of one tool.</summary>
public enum RateScope
{
    Tenant,
    Agent,
    Tool,
}

/// <summary>A limit that applied to a request, and how that request fared against it.</summary>
public sealed record RateLimitResult(RateLimitPolicy Policy, RateLimitDecision Decision);

/// <summary>
/// The tenant plans' request rates, enforced with the shared GCRA cells (so the limit holds across instances), and
/// reported with the IETF <c>RateLimit-Policy</c> / <c>RateLimit</c> headers and <c>Retry-After</c>.
/// </summary>
public sealed class PlanRateLimits(TenantPlans plans, GcraLimiter limiter)
{
    /// <summary>Null when the caller is not limited (the platform admin, or a plan without this limit).</summary>
    public async Task<RateLimitResult?> CheckAsync(Caller caller, RateScope scope, string? subject, CancellationToken ct)
    {
        if (caller.TenantId is not { } tenantId) return null;
        var limits = (await plans.GetAsync(tenantId, ct)).Limits;
        var perMinute = scope switch
        {
            RateScope.Tenant => limits.RequestsPerMinute,
            RateScope.Agent => limits.AgentCallsPerMinute,
            _ => limits.ToolCallsPerMinute,
        };
        if (perMinute == 0) return null;
        var burst = Math.Max(1, (int)Math.Ceiling(perMinute * limits.BurstSeconds / 60.0));
        var policy = new RateLimitPolicy(scope.ToString().ToLowerInvariant(), perMinute, TimeSpan.FromMinutes(1), burst);
        var key = subject is null ? policy.Name : $"{policy.Name}:{subject}";
        return new RateLimitResult(policy, await limiter.AcquireAsync(tenantId, key, policy, ct));
    }

    /// <summary>
    /// Describes the limit on the response, after any other limit that applied to the same request (the headers are
    /// lists of policies); on a refusal also says when to come back.
    /// </summary>
    public static void WriteHeaders(HttpResponse response, RateLimitResult result)
    {
        var (policy, decision) = result;
        Append(response, "RateLimit-Policy", $"\"{policy.Name}\";q={policy.Limit};w={(int)policy.Period.TotalSeconds}");
        Append(response, "RateLimit", $"\"{policy.Name}\";r={decision.Remaining};t={(int)Math.Ceiling(decision.Reset.TotalSeconds)}");
        if (!decision.Allowed) response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(decision.RetryAfter.TotalSeconds)).ToString();
    }

    static void Append(HttpResponse response, string header, string item)
    {
        var current = response.Headers[header].ToString();
        response.Headers[header] = current.Length == 0 ? item : current + ", " + item;
    }
}
