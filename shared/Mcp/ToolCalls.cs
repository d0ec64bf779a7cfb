using System.Text.Json;
using Marketplace.Billing;
using Marketplace.Errors;
using Marketplace.Telemetry;
using Marketplace.Tenancy;
using Microsoft.DurableTask.Client;
using ModelContextProtocol.Protocol;

namespace Marketplace.Mcp;

/// <summary>
/// One <c>tools/call</c> of a visible tool: status, rate limit and arguments are checked, the tool's kind is
/// invoked, and every call (refused ones too) is measured and audited.
/// </summary>
public sealed class ToolCalls(ToolCallChecks checks, ToolInvokers invokers, UsageRecorder usage, ToolCallAudit audit, MarketplaceMetrics metrics, TimeProvider clock)
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
        var refused = await RefusalAsync(caller, tool, arguments, callId, ct);
        var (outcome, result) = refused ?? await InvokeAsync(caller, tool, arguments, baseUrl, callId, durable, ct);
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
                ReservationId = tool.Pricing is { IsFree: false } ? ToolCallChecks.ReservationId(tool, callId) : null,
                Price = outcome == ToolCallOutcome.Ok ? tool.Pricing?.Price(0) ?? 0 : 0,
                Tool = tool.Name,
                LatencyMs = latency,
            }, ct);
        }
        await Task.WhenAll(audited, metered);
        return result;
    }

    /// <summary>
    /// The checks' refusal, with a refused credit hold (a domain error) told as the MCP binding tells every domain
    /// error, and counted under its own outcome so metrics and the audit tell a short balance from a used-up quota.
    /// </summary>
    async Task<(ToolCallOutcome Outcome, CallToolResult Result)?> RefusalAsync(Caller caller, RegisteredTool tool, IReadOnlyDictionary<string, JsonElement> arguments,
        string callId, CancellationToken ct)
    {
        try
        {
            return await checks.RefuseAsync(caller, tool, arguments, callId, ct);
        }
        catch (DomainException refusal) when (refusal.Error.Kind is DomainErrorKind.PaymentRequired or DomainErrorKind.QuotaExceeded)
        {
            var outcome = refusal.Error.Kind == DomainErrorKind.PaymentRequired ? ToolCallOutcome.InsufficientCredits : ToolCallOutcome.QuotaExceeded;
            return (outcome, ToolResults.Refused(refusal.Error));
        }
    }

    async Task<(ToolCallOutcome, CallToolResult)> InvokeAsync(Caller caller, RegisteredTool tool, IReadOnlyDictionary<string, JsonElement> arguments, string baseUrl, string callId,
        DurableTaskClient durable, CancellationToken ct)
    {
        var result = await invokers.InvokeAsync(caller, tool, arguments, baseUrl, callId, durable, ct);
        return (result.IsError == true ? ToolCallOutcome.Error : ToolCallOutcome.Ok, result);
    }
}
