using Marketplace.A2A.Protocol;
using Marketplace.Registry;
using Marketplace.Security;
using Microsoft.Extensions.Options;

namespace Marketplace.A2A.Gateway;

/// <summary>The A2A client for a listed agent's card: the SSRF-guarded outbound client, with the gateway's upstream timeout.</summary>
public sealed class UpstreamAgents(IHttpClientFactory clients, SsrfGuard guard, IOptions<GatewayOptions> options)
{
    public UpstreamAgent For(AgentCard card) =>
        UpstreamAgent.For(card, clients.CreateClient(CardFetcher.ClientName), guard, options.Value.UpstreamTimeout);
}
