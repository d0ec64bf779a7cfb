using System.Text.Json;
using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Workflows;

/// <summary>
/// Versioned workflow definitions of the caller's tenant. <see cref="WorkflowService"/> refuses by throwing (a
/// <see cref="Errors.DomainException"/> the dispatcher renders): the problems each result lists are those refusals.
/// </summary>
public sealed class WorkflowEndpoints(WorkflowService workflows, WorkflowStore store)
{
    public async Task<Results<Created<WorkflowVersion>, InvalidProblem, ConflictProblem>> Create(ApiRequest request)
    {
        var document = await request.BodyAsync<JsonElement>();
        var version = await workflows.CreateAsync(request.Caller, document, request.Aborted);
        return TypedResults.Created($"/api/workflows/{version.WorkflowId}", version);
    }

    public async Task<Results<Ok<WorkflowValidation>, InvalidProblem>> Validate(ApiRequest request)
    {
        var document = await request.BodyAsync<JsonElement>();
        await workflows.ValidateAsync(request.Caller, document, request.Aborted);
        return TypedResults.Ok(new WorkflowValidation(true));
    }

    public async Task<Ok<List<WorkflowSummary>>> List(ApiRequest request) =>
        TypedResults.Ok((await store.ListAsync(request.Caller.TenantId!, request.Aborted)).ToList());

    public async Task<Results<Ok<WorkflowView>, NotFoundProblem>> Get(ApiRequest request) =>
        TypedResults.Ok(await workflows.GetAsync(request.Caller.TenantId!, request.Route("workflowId"), request.Aborted));

    public async Task<Results<Created<WorkflowVersion>, InvalidProblem, NotFoundProblem, ConflictProblem>> AddVersion(ApiRequest request)
    {
        var document = await request.BodyAsync<JsonElement>();
        var version = await workflows.AddVersionAsync(request.Caller, request.Route("workflowId"), document, request.Aborted);
        return TypedResults.Created($"/api/workflows/{version.WorkflowId}/versions/{version.Version}", version);
    }

    public async Task<Results<Ok<List<WorkflowVersion>>, NotFoundProblem>> Versions(ApiRequest request) =>
        TypedResults.Ok((await workflows.VersionsAsync(request.Caller.TenantId!, request.Route("workflowId"), request.Aborted)).ToList());

    public async Task<Results<Ok<WorkflowVersion>, NotFoundProblem>> GetVersion(ApiRequest request) =>
        TypedResults.Ok(await workflows.GetVersionAsync(request.Caller.TenantId!, request.Route("workflowId"), VersionNumber(request), request.Aborted));

    public async Task<Results<Ok<WorkflowVersion>, InvalidProblem, NotFoundProblem, ConflictProblem>> ReplaceVersion(ApiRequest request)
    {
        var document = await request.BodyAsync<JsonElement>();
        return TypedResults.Ok(await workflows.ReplaceVersionAsync(request.Caller, request.Route("workflowId"), VersionNumber(request), document, request.Aborted));
    }

    public async Task<Results<Ok<WorkflowSummary>, NotFoundProblem>> Retire(ApiRequest request) =>
        TypedResults.Ok(await workflows.RetireAsync(request.Caller, request.Route("workflowId"), request.Aborted));

    static int VersionNumber(ApiRequest request) => int.TryParse(request.Route("version"), out var v) && v > 0
        ? v : throw WorkflowRejection.NotFound($"No version '{request.Route("version")}'.");
}
