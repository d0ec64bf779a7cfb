using Marketplace.A2A.Lifecycle;
using Marketplace.A2A.Protocol;
using Marketplace.Billing;
using Marketplace.Registry;
using Marketplace.Tenancy;
using Microsoft.Extensions.Options;

namespace Marketplace.A2A.Gateway;

/// <summary>
/// The gateway's side of billing: before a priced listing is called, the call's estimated price is held (or the call
/// refused, before any upstream work, with the credit's domain error, which the binding renders); a reply without a task is billed as one call at once.
/// </summary>
public sealed class GatewayBilling(
    Credits credits, UsageRecorder recorder, IOptions<LifecycleOptions> lifecycle, IOptions<BillingOptions> billing, TimeProvider clock)
{
    /// <summary>
    /// A task may run until its deadline and is billed after it ends, so its hold lasts that long plus the time the
    /// billing worker is allowed; a shorter hold could lapse under a running task and leave its charge uncovered.
    /// </summary>
    TimeSpan HoldFor => lifecycle.Value.TaskDeadline + billing.Value.ReservationTimeout;

    /// <summary>Derived from the caller's message, so a resent message holds credit once.</summary>
    public static string ReservationId(string tenantId, string agentId, string messageId) => $"a2a:{tenantId}:{agentId}:{messageId}";

    public async Task<string?> ReserveAsync(Caller caller, AgentListing listing, Message message, CancellationToken ct)
    {
        if (listing.Pricing is not { IsFree: false } pricing) return null;
        var id = ReservationId(caller.TenantId!, listing.AgentId, message.MessageId);
        await credits.ReserveAsync(caller.TenantId!, id, pricing.Estimate, ct, HoldFor);
        return id;
    }

    public Task ReleaseAsync(Caller caller, string? reservationId) =>
        reservationId is null ? Task.CompletedTask : credits.ReleaseAsync(caller.TenantId!, reservationId, CancellationToken.None);

    /// <summary>The agent answered with a message and no task: one call, at the listing's per-call price.</summary>
    public Task RecordMessageAsync(Caller caller, AgentListing listing, Message sent, string? reservationId, CancellationToken ct) =>
        recorder.RecordAsync(new UsageEvent(
            $"{UsageKinds.A2AMessage}:{caller.TenantId}:{listing.AgentId}:{sent.MessageId}", UsageKinds.A2AMessage, caller.TenantId!, listing.AgentId,
            listing.PublisherTenantId, sent.MessageId, "Completed", clock.GetUtcNow())
        {
            Principal = caller.Principal,
            ReservationId = reservationId,
            Price = listing.Pricing?.Price(0) ?? 0,
        }, ct);
}
