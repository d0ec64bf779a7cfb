using System.Text.Json;
using Marketplace.Http;
using Microsoft.AspNetCore.Http;

namespace Marketplace.Workflows;

/// <summary>Versioned workflow definitions of the caller's tenant.</summary>
public static class WorkflowEndpoints
{
    public static async Task<IResult> Create(ApiRequest request)
    {
        var document = await request.BodyAsync<JsonElement>();
        var version = await request.Service<WorkflowService>().CreateAsync(request.Caller, document, request.Aborted);
        return Results.Created($"/api/workflows/{version.WorkflowId}", version);
    }

    public static async Task<IResult> Validate(ApiRequest request)
    {
        var document = await request.BodyAsync<JsonElement>();
        await request.Service<WorkflowService>().ValidateAsync(request.Caller, document, request.Aborted);
        return Results.Ok(new WorkflowValidation(true));
    }

    public static async Task<IResult> List(ApiRequest request) =>
        Results.Ok(await request.Service<WorkflowStore>().ListAsync(request.Caller.TenantId!, request.Aborted));

    public static async Task<IResult> Get(ApiRequest request) =>
        Results.Ok(await request.Service<WorkflowService>().GetAsync(request.Caller.TenantId!, request.Route("workflowId"), request.Aborted));

    public static async Task<IResult> AddVersion(ApiRequest request)
    {
        var document = await request.BodyAsync<JsonElement>();
        var version = await request.Service<WorkflowService>().AddVersionAsync(request.Caller, request.Route("workflowId"), document, request.Aborted);
        return Results.Created($"/api/workflows/{version.WorkflowId}/versions/{version.Version}", version);
    }

    public static async Task<IResult> Versions(ApiRequest request) =>
        Results.Ok(await request.Service<WorkflowService>().VersionsAsync(request.Caller.TenantId!, request.Route("workflowId"), request.Aborted));

    public static async Task<IResult> GetVersion(ApiRequest request) =>
        Results.Ok(await request.Service<WorkflowService>().GetVersionAsync(request.Caller.TenantId!, request.Route("workflowId"), VersionNumber(request), request.Aborted));

    public static async Task<IResult> ReplaceVersion(ApiRequest request)
    {
        var document = await request.BodyAsync<JsonElement>();
        return Results.Ok(await request.Service<WorkflowService>().ReplaceVersionAsync(request.Caller, request.Route("workflowId"), VersionNumber(request), document, request.Aborted));
    }

    public static async Task<IResult> Retire(ApiRequest request) =>
        Results.Ok(await request.Service<WorkflowService>().RetireAsync(request.Caller, request.Route("workflowId"), request.Aborted));

    static int VersionNumber(ApiRequest request) => int.TryParse(request.Route("version"), out var v) && v > 0
        ? v : throw WorkflowRejection.NotFound($"No version '{request.Route("version")}'.");
}
