using System.Text.Json;
using Marketplace.Billing;
using Marketplace.RateLimiting;
using Marketplace.Telemetry;
using Marketplace.Tenancy;
using Microsoft.DurableTask.Client;
using ModelContextProtocol.Protocol;

namespace Marketplace.Mcp;

/// <summary>
/// One <c>tools/call</c> of a visible tool: status, rate limit and arguments are checked, the tool's kind is
/// invoked, and every call (refused ones too) is measured and audited.
/// </summary>
public sealed class ToolCalls(
    HttpToolInvoker httpTools, AgentSkillInvoker skillTools, FederatedServers federated, IMcpServerStore servers,
    GcraLimiter limiter, PlanRateLimits planLimits, Credits credits, UsageRecorder usage, ToolCallAudit audit, MarketplaceMetrics metrics, TimeProvider clock)
{
    /// <param name="idempotencyKey">
    /// Set by callers that may repeat a call (workflow steps): it names the call's usage record, so billing counts it
    /// once, and reaches HTTP tools as the <c>Idempotency-Key</c> header.
    /// </param>
    /// <param name="durable">The operation's Durable client: an agent-skill tool's task may outlive the call, and its lifecycle starts with it.</param>
    public async Task<CallToolResult> CallAsync(Caller caller, RegisteredTool tool, IReadOnlyDictionary<string, JsonElement> arguments, string baseUrl,
        DurableTaskClient durable, CancellationToken ct, string? idempotencyKey = null)
    {
        var started = clock.GetTimestamp();
        var callId = idempotencyKey ?? Guid.NewGuid().ToString("N");
        var (outcome, result) = await RunAsync(caller, tool, arguments, baseUrl, callId, durable, ct);
        var latency = clock.GetElapsedTime(started).TotalMilliseconds;
        metrics.ToolCalled(tool.TenantId, tool.Name, result.IsError == true, latency);
        var now = clock.GetUtcNow();
        var audited = audit.RecordAsync(new ToolCallRecord(tool.TenantId, tool.Name, caller.Principal, ToolCallAudit.HashArguments(arguments), outcome, latency, now), ct);
        // The audit row and the usage message are independent writes: sent together, the call waits for one round trip, not two.
        var metered = Task.CompletedTask;
        if (outcome is not (ToolCallOutcome.InsufficientCredits or ToolCallOutcome.QuotaExceeded or ToolCallOutcome.RateLimited or ToolCallOutcome.Blocked))
        {
            // Every call that ran is metered (free ones too, for analytics); a failed one is not charged and frees its hold.
            metered = usage.RecordAsync(new UsageEvent($"{UsageKinds.McpToolCall}:{tool.TenantId}:{callId}", UsageKinds.McpToolCall, tool.TenantId,
                tool.Skill?.AgentId ?? "", "", tool.Name, outcome.ToString(), now)
            {
                Principal = caller.Principal,
                ReservationId = tool.Pricing is { IsFree: false } ? ReservationId(tool, callId) : null,
                Price = outcome == ToolCallOutcome.Ok ? tool.Pricing?.Price(0) ?? 0 : 0,
                Tool = tool.Name,
                LatencyMs = latency,
            }, ct);
        }
        await Task.WhenAll(audited, metered);
        return result;
    }

    static string ReservationId(RegisteredTool tool, string callId) => $"mcp:{tool.TenantId}:{callId}";

    async Task<(ToolCallOutcome, CallToolResult)> RunAsync(Caller caller, RegisteredTool tool, IReadOnlyDictionary<string, JsonElement> arguments, string baseUrl, string callId,
        DurableTaskClient durable, CancellationToken ct)
    {
        switch (tool.Status)
        {
            case ToolStatus.Pending: return (ToolCallOutcome.Blocked, ToolResults.Error("The tool awaits approval by an owner or developer."));
            case ToolStatus.Blocked: return (ToolCallOutcome.Blocked, ToolResults.Error("The tool's definition changed; it is blocked until an owner or developer re-approves it."));
        }
        if (tool.RateLimit is { } limit)
        {
            var decision = await limiter.AcquireAsync(tool.TenantId, "tool:" + tool.Name,
                new RateLimitPolicy("tool", limit.PerMinute, TimeSpan.FromMinutes(1), limit.Burst), ct);
            if (!decision.Allowed)
                return (ToolCallOutcome.RateLimited, ToolResults.Error($"Rate limit of {limit.PerMinute} calls per minute reached; retry in {Math.Ceiling(decision.RetryAfter.TotalSeconds):0} s."));
        }
        if (await planLimits.CheckAsync(caller, RateScope.Tool, tool.Name, ct) is { Decision.Allowed: false } planLimit)
            return (ToolCallOutcome.RateLimited, ToolResults.Error($"The plan allows {planLimit.Policy.Limit} calls of one tool per minute; retry in {Math.Ceiling(planLimit.Decision.RetryAfter.TotalSeconds):0} s."));
        if (ToolResults.Validate(tool, arguments) is { } invalid) return (ToolCallOutcome.InvalidArguments, ToolResults.Error(invalid));
        if (tool.Pricing is { IsFree: false } pricing)
        {
            try
            {
                await credits.ReserveAsync(tool.TenantId, ReservationId(tool, callId), pricing.Estimate, ct);
            }
            catch (InsufficientCreditsException ex)
            {
                return (ToolCallOutcome.InsufficientCredits, ToolResults.Error(ex.Message));
            }
            catch (QuotaExceededException ex)
            {
                return (ToolCallOutcome.QuotaExceeded, ToolResults.Error(ex.Message));
            }
        }
        var result = tool switch
        {
            { Http: { } spec } => await httpTools.CallAsync(tool, spec, arguments, ct, callId),
            { Skill: { } skill } => await skillTools.CallAsync(caller, skill, baseUrl, arguments, durable, ct),
            { Upstream: { } upstream } => await servers.GetAsync(tool.TenantId, upstream.Server, ct) is { } server
                ? await federated.CallAsync(server, tool, arguments, ct)
                : ToolResults.Error("The tool's upstream server is no longer registered."),
            _ => ToolResults.Error("The tool has no target."),
        };
        return (result.IsError == true ? ToolCallOutcome.Error : ToolCallOutcome.Ok, result);
    }
}
