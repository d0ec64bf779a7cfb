using Marketplace.A2A.Protocol;
using Marketplace.Registry;
using Marketplace.Tenancy;
using Microsoft.DurableTask.Client;

namespace Marketplace.A2A.Gateway;

/// <summary>
/// One caller's request to one listing, as the gateway's services see it: who calls, the listing as the caller may
/// see it, the agent's client, the issuer its push tokens name, and the request's Durable client, with which task
/// lifecycles and push notifiers are started and signalled.
/// </summary>
public sealed record GatewayCall(Caller Caller, AgentListing Listing, UpstreamAgent Agent, string Issuer, DurableTaskClient Durable)
{
    static readonly Role[] Senders = [Role.Owner, Role.Developer, Role.Agent];

    public string TenantId => Caller.TenantId!;

    public bool AgentStreams => Listing.Card.Capabilities.Streaming == true;

    public void RequireSender()
    {
        if (Caller.Role is not { } role || !Senders.Contains(role))
            throw A2AError.PermissionDenied("This key may read tasks but not send messages, cancel or configure notifications (needs owner, developer or agent).");
    }
}
