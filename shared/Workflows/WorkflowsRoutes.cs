using Marketplace.Http;
using Marketplace.Tenancy;
using Marketplace.Workflows.Agent;
using static Marketplace.Http.RouteDocs;

namespace Marketplace.Workflows;

/// <summary>The routes of workflows, runs and the workflow agent: the route table serves these, in this order.</summary>
public static class WorkflowsRoutes
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        Endpoint<WorkflowEndpoints>.Route("workflows-create", "POST", "/api/workflows", RouteAccess.TenantRoles(Designers), (e, r) => e.Create(r)) with
        {
            Doc = new("Workflows", "Create a workflow (validated whole; version 1)") { RequestBody = typeof(WorkflowDefinition) },
        },
        Endpoint<WorkflowEndpoints>.Route("workflows-validate", "POST", "/api/workflows/validate", RouteAccess.TenantRoles(Designers), (e, r) => e.Validate(r)) with
        {
            Doc = new("Workflows", "Check a definition as a save would, saving nothing") { RequestBody = typeof(WorkflowDefinition) },
        },
        Endpoint<WorkflowEndpoints>.Route("workflows-list", "GET", "/api/workflows", RouteAccess.TenantRoles(AnyRole), (e, r) => e.List(r)) with
        {
            Doc = new("Workflows", "This tenant's workflows"),
        },
        Endpoint<WorkflowEndpoints>.Route("workflows-get", "GET", "/api/workflows/{workflowId}", RouteAccess.TenantRoles(AnyRole), (e, r) => e.Get(r)) with
        {
            Doc = new("Workflows", "A workflow and its latest version"),
        },
        Endpoint<WorkflowEndpoints>.Route("workflows-retire", "POST", "/api/workflows/{workflowId}/retire", RouteAccess.TenantRoles(Designers), (e, r) => e.Retire(r)) with
        {
            Doc = new("Workflows", "Retire a workflow: no new runs; running ones finish"),
        },
        Endpoint<WorkflowEndpoints>.Route("workflows-versions-add", "POST", "/api/workflows/{workflowId}/versions", RouteAccess.TenantRoles(Designers), (e, r) => e.AddVersion(r)) with
        {
            Doc = new("Workflows", "Add a version (validated whole)") { RequestBody = typeof(WorkflowDefinition) },
        },
        Endpoint<WorkflowEndpoints>.Route("workflows-versions-list", "GET", "/api/workflows/{workflowId}/versions", RouteAccess.TenantRoles(AnyRole), (e, r) => e.Versions(r)) with
        {
            Doc = new("Workflows", "Every version of a workflow"),
        },
        Endpoint<WorkflowEndpoints>.Route("workflows-versions-get", "GET", "/api/workflows/{workflowId}/versions/{version}", RouteAccess.TenantRoles(AnyRole), (e, r) => e.GetVersion(r)) with
        {
            Doc = new("Workflows", "One version"),
        },
        Endpoint<WorkflowEndpoints>.Route("workflows-versions-replace", "PUT", "/api/workflows/{workflowId}/versions/{version}", RouteAccess.TenantRoles(Designers), (e, r) => e.ReplaceVersion(r)) with
        {
            Doc = new("Workflows", "Rewrite a version no run has used") { RequestBody = typeof(WorkflowDefinition) },
        },
        Endpoint<RunEndpoints>.Route("runs-start", "POST", "/api/workflows/{workflowId}/runs", RouteAccess.TenantRoles(Runners), (e, r) => e.Start(r)) with
        {
            Doc = new("Runs", "Start a run (honours Idempotency-Key)") { RequestBody = typeof(StartRunRequest) },
        },
        Endpoint<RunEndpoints>.Route("runs-list", "GET", "/api/runs", RouteAccess.TenantRoles(AnyRole), (e, r) => e.List(r)) with
        {
            Doc = new("Runs", "This tenant's runs, newest first")
            {
                Query = [new("workflowId", typeof(string), "Only this workflow's runs"), new("state", typeof(RunState), "Only runs in this state"), new("limit", typeof(int), "Page size, 1–100 (default 20)"), new("cursor", typeof(string), "nextCursor of the previous page")],
            },
        },
        Endpoint<RunEndpoints>.Route("runs-get", "GET", "/api/runs/{runId}", RouteAccess.TenantRoles(AnyRole), (e, r) => e.Get(r)) with
        {
            Doc = new("Runs", "A run with every step's state, timings and output"),
        },
        Endpoint<RunEndpoints>.Route("runs-events", "GET", "/api/runs/{runId}/events", RouteAccess.TenantRoles(AnyRole), (e, r) => e.Events(r)) with
        {
            Doc = new("Runs", "Progress as server-sent events (run, step) until the run ends") { Responses = [new(200, "text/event-stream"), Problem401, Problem403, Problem404] },
        },
        Endpoint<RunEndpoints>.Route("runs-payload", "GET", "/api/runs/{runId}/payloads/{name}", RouteAccess.TenantRoles(AnyRole), (e, r) => e.Payload(r)) with
        {
            Doc = new("Runs", "A large input or output kept in Blob storage") { Responses = [new(200, "The JSON value"), Problem401, Problem403, Problem404] },
        },
        Endpoint<RunEndpoints>.Route("runs-decide", "POST", "/api/runs/{runId}/approvals", RouteAccess.TenantRoles(AnyRole), (e, r) => e.Decide(r)) with
        {
            Doc = new("Runs", "Approve or reject a waiting approval step (approvers only)") { RequestBody = typeof(ApprovalRequest) },
        },
        Endpoint<RunEndpoints>.Route("runs-cancel", "POST", "/api/runs/{runId}/cancel", RouteAccess.TenantRoles(Runners), (e, r) => e.Cancel(r)) with
        {
            Doc = new("Runs", "Cancel a run and its in-flight agent tasks"),
        },
        Endpoint<RunEndpoints>.Route("runs-suspend", "POST", "/api/runs/{runId}/suspend", RouteAccess.TenantRoles(Runners), (e, r) => e.Suspend(r)) with
        {
            Doc = new("Runs", "Suspend a run before its next step"),
        },
        Endpoint<RunEndpoints>.Route("runs-resume", "POST", "/api/runs/{runId}/resume", RouteAccess.TenantRoles(Runners), (e, r) => e.Resume(r)) with
        {
            Doc = new("Runs", "Resume a suspended run"),
        },
        Endpoint<OrchestratorEndpoints>.Route("a2a-workflows-card", "GET", "/a2a/workflows/{tenantId}/.well-known/agent-card.json", RouteAccess.Anonymous, (e, r) => e.Card(r)),
        Endpoint<OrchestratorEndpoints>.Route("a2a-workflows-jsonrpc", "POST", "/a2a/workflows/{tenantId}", RouteAccess.SelfAuthenticated, (e, r) => e.JsonRpc(r)),
    ];
}
