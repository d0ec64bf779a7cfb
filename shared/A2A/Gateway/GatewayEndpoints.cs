using Marketplace.A2A.Server;
using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.A2A.Gateway;

/// <summary>
/// The A2A gateway's protocol endpoints: JSON-RPC and HTTP+JSON for each agent. They answer in A2A's own shapes, which
/// no result type describes, so they return <see cref="IResult"/> and are not in the OpenAPI document. The discovery
/// documents (cards, the push key set) are <see cref="GatewayCardEndpoints"/>.
/// </summary>
public sealed class GatewayEndpoints(GatewayHandlerFactory handlers, IOptions<GatewayOptions> options, ILogger<GatewayHandler> logger)
{
    public async Task<IResult> JsonRpc(ApiRequest request)
    {
        var agentId = request.Route("agentId");
        await JsonRpcBinding.HandleAsync(request.Http, async () => await handlers.CreateAsync(request.Http, agentId, request.Durable), options.Value.MaxRequestBytes, logger);
        return Results.Empty;
    }

    public async Task<IResult> Rest(ApiRequest request)
    {
        var agentId = request.Route("agentId");
        await RestBinding.HandleAsync(request.Http, request.Route("path"), async () => await handlers.CreateAsync(request.Http, agentId, request.Durable), options.Value.MaxRequestBytes, logger);
        return Results.Empty;
    }
}
