using System.Text.Json;
using Marketplace.Billing;
using Marketplace.RateLimiting;
using Marketplace.Tenancy;
using ModelContextProtocol.Protocol;

namespace Marketplace.Mcp;

/// <summary>
/// What a tool call must pass before its tool runs: the tool's status, its own and the plan's rate limits, the
/// arguments against its schema, and, for a priced tool, the credit held for the call.
/// </summary>
public sealed class ToolCallChecks(GcraLimiter limiter, PlanRateLimits planLimits, Credits credits)
{
    public static string ReservationId(RegisteredTool tool, string callId) => $"mcp:{tool.TenantId}:{callId}";

    /// <summary>The refusal's outcome and result, or null when the tool may run (its price, if any, is then held).</summary>
    public async Task<(ToolCallOutcome Outcome, CallToolResult Result)?> RefuseAsync(Caller caller, RegisteredTool tool, IReadOnlyDictionary<string, JsonElement> arguments,
        string callId, CancellationToken ct)
    {
        switch (tool.Status)
        {
            case ToolStatus.Pending: return (ToolCallOutcome.Blocked, ToolResults.Error("The tool awaits approval by an owner or developer."));
            case ToolStatus.Blocked: return (ToolCallOutcome.Blocked, ToolResults.Error("The tool's definition changed; it is blocked until an owner or developer re-approves it."));
        }
        if (tool.RateLimit is { } limit)
        {
            // Its own cell: the plan's limit per tool is "tool:{name}", and two policies on one arrival time would spend each other's budget.
            var decision = await limiter.AcquireAsync(tool.TenantId, "tool-own:" + tool.Name,
                new RateLimitPolicy("tool", limit.PerMinute, TimeSpan.FromMinutes(1), limit.Burst), ct);
            if (!decision.Allowed)
                return (ToolCallOutcome.RateLimited, ToolResults.Error($"Rate limit of {limit.PerMinute} calls per minute reached; retry in {Math.Ceiling(decision.RetryAfter.TotalSeconds):0} s."));
        }
        if (await planLimits.CheckAsync(caller, RateScope.Tool, tool.Name, ct) is { Decision.Allowed: false } planLimit)
            return (ToolCallOutcome.RateLimited, ToolResults.Error($"The plan allows {planLimit.Policy.Limit} calls of one tool per minute; retry in {Math.Ceiling(planLimit.Decision.RetryAfter.TotalSeconds):0} s."));
        if (ToolResults.Validate(tool, arguments) is { } invalid) return (ToolCallOutcome.InvalidArguments, ToolResults.Error(invalid));
        // A refused hold throws the credit's domain error, which ToolCalls turns into the call's outcome and result.
        if (tool.Pricing is { IsFree: false } pricing) await credits.ReserveAsync(tool.TenantId, ReservationId(tool, callId), pricing.Estimate, ct);
        return null;
    }
}
