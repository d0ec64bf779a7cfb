// Generated from shared/Http/ApiRouteTable.cs by scripts/generate-functions.sh: change the route table, then regenerate.
using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Http;

public sealed class WorkflowsFunctions(ApiDispatcher api)
{
    [Function("workflows-create")]
    public Task<IResult> WorkflowsCreate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/workflows")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("workflows-create", req.HttpContext, durable);

    [Function("workflows-validate")]
    public Task<IResult> WorkflowsValidate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/workflows/validate")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("workflows-validate", req.HttpContext, durable);

    [Function("workflows-list")]
    public Task<IResult> WorkflowsList([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/workflows")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("workflows-list", req.HttpContext, durable);

    [Function("workflows-get")]
    public Task<IResult> WorkflowsGet([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/workflows/{workflowId}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("workflows-get", req.HttpContext, durable);

    [Function("workflows-retire")]
    public Task<IResult> WorkflowsRetire([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/workflows/{workflowId}/retire")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("workflows-retire", req.HttpContext, durable);

    [Function("workflows-versions-add")]
    public Task<IResult> WorkflowsVersionsAdd([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/workflows/{workflowId}/versions")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("workflows-versions-add", req.HttpContext, durable);

    [Function("workflows-versions-list")]
    public Task<IResult> WorkflowsVersionsList([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/workflows/{workflowId}/versions")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("workflows-versions-list", req.HttpContext, durable);

    [Function("workflows-versions-get")]
    public Task<IResult> WorkflowsVersionsGet([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/workflows/{workflowId}/versions/{version}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("workflows-versions-get", req.HttpContext, durable);

    [Function("workflows-versions-replace")]
    public Task<IResult> WorkflowsVersionsReplace([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/workflows/{workflowId}/versions/{version}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("workflows-versions-replace", req.HttpContext, durable);

    [Function("runs-start")]
    public Task<IResult> RunsStart([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/workflows/{workflowId}/runs")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("runs-start", req.HttpContext, durable);

    [Function("runs-list")]
    public Task<IResult> RunsList([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/runs")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("runs-list", req.HttpContext, durable);

    [Function("runs-get")]
    public Task<IResult> RunsGet([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/runs/{runId}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("runs-get", req.HttpContext, durable);

    [Function("runs-events")]
    public Task<IResult> RunsEvents([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/runs/{runId}/events")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("runs-events", req.HttpContext, durable);

    [Function("runs-payload")]
    public Task<IResult> RunsPayload([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/runs/{runId}/payloads/{name}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("runs-payload", req.HttpContext, durable);

    [Function("runs-decide")]
    public Task<IResult> RunsDecide([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/runs/{runId}/approvals")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("runs-decide", req.HttpContext, durable);

    [Function("runs-cancel")]
    public Task<IResult> RunsCancel([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/runs/{runId}/cancel")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("runs-cancel", req.HttpContext, durable);

    [Function("runs-suspend")]
    public Task<IResult> RunsSuspend([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/runs/{runId}/suspend")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("runs-suspend", req.HttpContext, durable);

    [Function("runs-resume")]
    public Task<IResult> RunsResume([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/runs/{runId}/resume")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("runs-resume", req.HttpContext, durable);

    [Function("a2a-workflows-card")]
    public Task<IResult> A2aWorkflowsCard([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "a2a/workflows/{tenantId}/.well-known/agent-card.json")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("a2a-workflows-card", req.HttpContext, durable);

    [Function("a2a-workflows-jsonrpc")]
    public Task<IResult> A2aWorkflowsJsonrpc([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "a2a/workflows/{tenantId}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("a2a-workflows-jsonrpc", req.HttpContext, durable);
}
