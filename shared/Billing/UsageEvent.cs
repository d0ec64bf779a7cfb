using Marketplace.Serialization;
using System.Text.Json;
using Marketplace.Http;
using Marketplace.Security;

namespace Marketplace.Billing;

/// <summary>
/// One billable event. The id is deterministic (derived from what was used, e.g. the task), so however often it is
/// emitted the billing worker applies it once. <c>Price</c> is what to charge (zero for a failed or free call, which
/// releases its reservation); <c>ReservationId</c> names the credit held for it, when any was.
/// </summary>
public sealed record UsageEvent(
    string Id, string Kind, string TenantId, string AgentId, string PublisherTenantId, string Subject, string Outcome, DateTimeOffset OccurredAt)
{
    /// <summary>Who made the call: a key id or a token subject.</summary>
    public string? Principal { get; init; }

    public string? ReservationId { get; init; }
    public long Price { get; init; }
    public long Units { get; init; }
    public string? Tool { get; init; }
    public double? LatencyMs { get; init; }

    /// <summary>The fingerprint an id is pinned to: the same id with another payload is a conflict, not a duplicate.</summary>
    public string PayloadHash() => Sha256.Hex(JsonSerializer.Serialize(this, Json.Lenient));

    /// <summary>Ids are caller-influenced (message ids), so storage keys use their hash.</summary>
    public static string KeyOf(string id) => Sha256.Hex(id)[..40];
}

public static class UsageKinds
{
    public const string A2ATask = "a2a.task";
    public const string A2AMessage = "a2a.message";
    public const string McpToolCall = "mcp.tool-call";
}
