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

/// <summary>The orchestrator agent's card and JSON-RPC endpoint; only the tenant's own keys see either.</summary>
public static class OrchestratorEndpoints
{
    public static async Task<IResult> Card(ApiRequest request)
    {
        var tenantId = request.Route("tenantId");
        var (caller, failure) = await request.Service<Authenticator>().AuthenticateAsync(request.Http);
        if (failure is { InvalidToken: true }) return Problems.InvalidToken(failure.Description);
        if (caller is null || !caller.IsAuthenticated) return Problems.Unauthorized("The orchestrator card lists a tenant's workflows: send one of its keys.");
        if (caller.TenantId != tenantId) return Problems.NotFound($"No orchestrator agent for '{tenantId}'.");
        var workflows = await request.Service<WorkflowStore>().ListAsync(tenantId, request.Aborted);
        request.Http.Response.Headers.CacheControl = "private, max-age=60";
        var card = OrchestratorCard.For(tenantId, workflows, Hosting.PublicUrls.Base(request.Service<IOptions<Hosting.MarketplaceOptions>>().Value));
        return Results.Text(JsonSerializer.Serialize(card, Json.Lenient), "application/json");
    }

    public static async Task<IResult> JsonRpc(ApiRequest request)
    {
        var tenantId = request.Route("tenantId");
        await JsonRpcBinding.HandleAsync(request.Http, async () =>
        {
            var caller = GatewayHandlerFactory.CallerOf(await request.Service<Authenticator>().AuthenticateAsync(request.Http), request.Http);
            if (caller.TenantId != tenantId) throw A2AError.PermissionDenied("A tenant's orchestrator agent takes only that tenant's keys.");
            return new OrchestratorHandler(caller, request.Service<WorkflowRuns>(), request.Service<RunStore>(), request.Durable);
        }, request.Service<IOptions<GatewayOptions>>().Value.MaxRequestBytes, request.Service<ILogger<OrchestratorHandler>>());
        return Results.Empty;
    }
}
