using Marketplace.Http;
using Marketplace.Tenancy;
using Marketplace.Workflows.Agent;
using Microsoft.AspNetCore.Mvc;
using static Marketplace.Http.RouteDocs;

namespace Marketplace.Workflows;

/// <summary>The routes of workflows, runs and the workflow agent: the route table serves these, in this order.</summary>
public static class WorkflowsRoutes
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("workflows-create", "POST", "/api/workflows", RouteAccess.TenantRoles(Designers), WorkflowEndpoints.Create)
        {
            Doc = new("Workflows", "Create a workflow (validated whole; version 1)") { RequestBody = typeof(WorkflowDefinition), Responses = [new(201, "Created", typeof(WorkflowVersion)), Problem400, Problem401, Problem403, new(409, "Id taken", typeof(ProblemDetails))] },
        },
        new("workflows-validate", "POST", "/api/workflows/validate", RouteAccess.TenantRoles(Designers), WorkflowEndpoints.Validate)
        {
            Doc = new("Workflows", "Check a definition as a save would, saving nothing") { RequestBody = typeof(WorkflowDefinition), Responses = [new(200, "Valid", typeof(WorkflowValidation)), Problem400, Problem401, Problem403] },
        },
        new("workflows-list", "GET", "/api/workflows", RouteAccess.TenantRoles(AnyRole), WorkflowEndpoints.List)
        {
            Doc = new("Workflows", "This tenant's workflows") { Responses = [new(200, "The workflows", typeof(List<WorkflowSummary>)), Problem401] },
        },
        new("workflows-get", "GET", "/api/workflows/{workflowId}", RouteAccess.TenantRoles(AnyRole), WorkflowEndpoints.Get)
        {
            Doc = new("Workflows", "A workflow and its latest version") { Responses = [new(200, "The workflow", typeof(WorkflowView)), Problem401, Problem404] },
        },
        new("workflows-retire", "POST", "/api/workflows/{workflowId}/retire", RouteAccess.TenantRoles(Designers), WorkflowEndpoints.Retire)
        {
            Doc = new("Workflows", "Retire a workflow: no new runs; running ones finish") { Responses = [new(200, "Retired", typeof(WorkflowSummary)), Problem401, Problem403, Problem404] },
        },
        new("workflows-versions-add", "POST", "/api/workflows/{workflowId}/versions", RouteAccess.TenantRoles(Designers), WorkflowEndpoints.AddVersion)
        {
            Doc = new("Workflows", "Add a version (validated whole)") { RequestBody = typeof(WorkflowDefinition), Responses = [new(201, "Created", typeof(WorkflowVersion)), Problem400, Problem401, Problem403, Problem404, new(409, "Retired", typeof(ProblemDetails))] },
        },
        new("workflows-versions-list", "GET", "/api/workflows/{workflowId}/versions", RouteAccess.TenantRoles(AnyRole), WorkflowEndpoints.Versions)
        {
            Doc = new("Workflows", "Every version of a workflow") { Responses = [new(200, "The versions", typeof(List<WorkflowVersion>)), Problem401, Problem404] },
        },
        new("workflows-versions-get", "GET", "/api/workflows/{workflowId}/versions/{version}", RouteAccess.TenantRoles(AnyRole), WorkflowEndpoints.GetVersion)
        {
            Doc = new("Workflows", "One version") { Responses = [new(200, "The version", typeof(WorkflowVersion)), Problem401, Problem404] },
        },
        new("workflows-versions-replace", "PUT", "/api/workflows/{workflowId}/versions/{version}", RouteAccess.TenantRoles(Designers), WorkflowEndpoints.ReplaceVersion)
        {
            Doc = new("Workflows", "Rewrite a version no run has used") { RequestBody = typeof(WorkflowDefinition), Responses = [new(200, "Replaced", typeof(WorkflowVersion)), Problem400, Problem401, Problem403, Problem404, new(409, "In use", typeof(ProblemDetails))] },
        },
        new("runs-start", "POST", "/api/workflows/{workflowId}/runs", RouteAccess.TenantRoles(Runners), RunEndpoints.Start)
        {
            Doc = new("Runs", "Start a run (honours Idempotency-Key)") { RequestBody = typeof(StartRunRequest), Responses = [new(202, "Started", typeof(WorkflowRun)), Problem400, Problem401, new(402, "Not enough credit", typeof(ProblemDetails)), Problem403, Problem404, new(409, "Retired, or key reused", typeof(ProblemDetails))] },
        },
        new("runs-list", "GET", "/api/runs", RouteAccess.TenantRoles(AnyRole), RunEndpoints.List)
        {
            Doc = new("Runs", "This tenant's runs, newest first")
            {
                Responses = [new(200, "A page of runs", typeof(RunPage)), Problem400, Problem401],
                Query = [new("workflowId", typeof(string), "Only this workflow's runs"), new("state", typeof(RunState), "Only runs in this state"), new("limit", typeof(int), "Page size, 1–100 (default 20)"), new("cursor", typeof(string), "nextCursor of the previous page")],
            },
        },
        new("runs-get", "GET", "/api/runs/{runId}", RouteAccess.TenantRoles(AnyRole), RunEndpoints.Get)
        {
            Doc = new("Runs", "A run with every step's state, timings and output") { Responses = [new(200, "The run", typeof(RunView)), Problem401, Problem404] },
        },
        new("runs-events", "GET", "/api/runs/{runId}/events", RouteAccess.TenantRoles(AnyRole), RunEndpoints.Events)
        {
            Doc = new("Runs", "Progress as server-sent events (run, step) until the run ends") { Responses = [new(200, "text/event-stream"), Problem401, Problem404] },
        },
        new("runs-payload", "GET", "/api/runs/{runId}/payloads/{name}", RouteAccess.TenantRoles(AnyRole), RunEndpoints.Payload)
        {
            Doc = new("Runs", "A large input or output kept in Blob storage") { Responses = [new(200, "The JSON value"), Problem401, Problem404] },
        },
        new("runs-decide", "POST", "/api/runs/{runId}/approvals", RouteAccess.TenantRoles(AnyRole), RunEndpoints.Decide)
        {
            Doc = new("Runs", "Approve or reject a waiting approval step (approvers only)") { RequestBody = typeof(ApprovalRequest), Responses = [new(200, "Decided", typeof(RunStep)), Problem400, Problem401, Problem403, Problem404, new(409, "Already decided", typeof(ProblemDetails))] },
        },
        new("runs-cancel", "POST", "/api/runs/{runId}/cancel", RouteAccess.TenantRoles(Runners), RunEndpoints.Cancel)
        {
            Doc = new("Runs", "Cancel a run and its in-flight agent tasks") { Responses = [new(202, "Cancelling", typeof(WorkflowRun)), Problem401, Problem403, Problem404, new(409, "Already finished", typeof(ProblemDetails))] },
        },
        new("runs-suspend", "POST", "/api/runs/{runId}/suspend", RouteAccess.TenantRoles(Runners), RunEndpoints.Suspend)
        {
            Doc = new("Runs", "Suspend a run before its next step") { Responses = [new(202, "Suspended", typeof(WorkflowRun)), Problem401, Problem403, Problem404, new(409, "Not running", typeof(ProblemDetails))] },
        },
        new("runs-resume", "POST", "/api/runs/{runId}/resume", RouteAccess.TenantRoles(Runners), RunEndpoints.Resume)
        {
            Doc = new("Runs", "Resume a suspended run") { Responses = [new(202, "Resumed", typeof(WorkflowRun)), Problem401, Problem403, Problem404, new(409, "Not suspended", typeof(ProblemDetails))] },
        },
        new("a2a-workflows-card", "GET", "/a2a/workflows/{tenantId}/.well-known/agent-card.json", RouteAccess.Anonymous, OrchestratorEndpoints.Card),
        new("a2a-workflows-jsonrpc", "POST", "/a2a/workflows/{tenantId}", RouteAccess.SelfAuthenticated, OrchestratorEndpoints.JsonRpc),
    ];
}
