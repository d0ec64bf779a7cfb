using Marketplace.Serialization;
using System.Text.Json;
using Marketplace.Http;

namespace Marketplace.Events;

/// <summary>
/// A tenant's credit on the <c>system-notifications</c> topic. Ids are deterministic: a low balance is one event per
/// crossing of the threshold (numbered), an expiring grant one event per grant.
/// </summary>
public static class BalanceEvents
{
    public const string LowType = "marketplace.balance.low";
    public const string GrantExpiringType = "marketplace.grant.expiring";

    public static IntegrationEvent Low(string tenantId, long balance, long threshold, int crossing, DateTimeOffset at) => new(
        $"balance:{tenantId}:low:{crossing}", Topics.SystemNotifications, LowType, "/api/billing", tenantId, at, tenantId,
        JsonSerializer.SerializeToElement(new BalanceLowData(tenantId, balance, threshold), Json.Lenient));

    public static IntegrationEvent GrantExpiring(string tenantId, string grantId, long remaining, DateTimeOffset expiresAt, DateTimeOffset at) => new(
        $"grant:{tenantId}:{grantId}:expiring", Topics.SystemNotifications, GrantExpiringType, "/api/billing", grantId, at, tenantId,
        JsonSerializer.SerializeToElement(new GrantExpiringData(tenantId, grantId, remaining, expiresAt), Json.Lenient));
}

/// <summary>Amounts in micro-credits.</summary>
public sealed record BalanceLowData(string TenantId, long Balance, long Threshold);

public sealed record GrantExpiringData(string TenantId, string GrantId, long Remaining, DateTimeOffset ExpiresAt);
