using Marketplace.Serialization;
using System.Text.Json;
using Marketplace.A2A.Gateway;
using Marketplace.A2A.Protocol;
using Marketplace.A2A.Server;
using Marketplace.Http;
using Marketplace.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Workflows.Agent;

/// <summary>
/// The orchestrator agent's card and JSON-RPC endpoint; only the tenant's own keys see either. Protocol endpoints: they
/// authenticate the caller themselves and answer in A2A's shapes, which no result type describes, so they return
/// <see cref="IResult"/> and are not in the OpenAPI document.
/// </summary>
public sealed class OrchestratorEndpoints(Authenticator authenticator, WorkflowStore workflows, WorkflowRuns runs, RunStore store,
    IOptions<Hosting.MarketplaceOptions> marketplace, IOptions<GatewayOptions> gateway, ILogger<OrchestratorHandler> logger)
{
    public async Task<IResult> Card(ApiRequest request)
    {
        var tenantId = request.Route("tenantId");
        var (caller, failure) = await authenticator.AuthenticateAsync(request.Http);
        if (failure is { InvalidToken: true }) return Problems.InvalidToken(failure.Description);
        if (caller is null || !caller.IsAuthenticated) return Problems.Unauthorized("The orchestrator card lists a tenant's workflows: send one of its keys.");
        if (caller.TenantId != tenantId) return Problems.NotFound($"No orchestrator agent for '{tenantId}'.");
        var listed = await workflows.ListAsync(tenantId, request.Aborted);
        request.Http.Response.Headers.CacheControl = "private, max-age=60";
        var card = OrchestratorCard.For(tenantId, listed, Hosting.PublicUrls.Base(marketplace.Value));
        return Results.Text(JsonSerializer.Serialize(card, Json.Lenient), "application/json");
    }

    public async Task<IResult> JsonRpc(ApiRequest request)
    {
        var tenantId = request.Route("tenantId");
        await JsonRpcBinding.HandleAsync(request.Http, async () =>
        {
            var caller = GatewayHandlerFactory.CallerOf(await authenticator.AuthenticateAsync(request.Http), request.Http);
            if (caller.TenantId != tenantId) throw A2AError.PermissionDenied("A tenant's orchestrator agent takes only that tenant's keys.");
            return new OrchestratorHandler(caller, runs, store, request.Durable);
        }, gateway.Value.MaxRequestBytes, logger);
        return Results.Empty;
    }
}
