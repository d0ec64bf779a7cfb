using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Http;

public sealed class WorkflowFunctions(ApiDispatcher api)
{
    [Function("workflows-create")]
    public Task<IResult> WorkflowsCreate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/workflows")] HttpRequest req) =>
        api.InvokeAsync("workflows-create", req.HttpContext);

    [Function("workflows-validate")]
    public Task<IResult> WorkflowsValidate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/workflows/validate")] HttpRequest req) =>
        api.InvokeAsync("workflows-validate", req.HttpContext);

    [Function("workflows-list")]
    public Task<IResult> WorkflowsList([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/workflows")] HttpRequest req) =>
        api.InvokeAsync("workflows-list", req.HttpContext);

    [Function("workflows-get")]
    public Task<IResult> WorkflowsGet([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/workflows/{workflowId}")] HttpRequest req) =>
        api.InvokeAsync("workflows-get", req.HttpContext);

    [Function("workflows-retire")]
    public Task<IResult> WorkflowsRetire([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/workflows/{workflowId}/retire")] HttpRequest req) =>
        api.InvokeAsync("workflows-retire", req.HttpContext);

    [Function("workflows-versions-add")]
    public Task<IResult> WorkflowsVersionsAdd([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/workflows/{workflowId}/versions")] HttpRequest req) =>
        api.InvokeAsync("workflows-versions-add", req.HttpContext);

    [Function("workflows-versions-list")]
    public Task<IResult> WorkflowsVersionsList([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/workflows/{workflowId}/versions")] HttpRequest req) =>
        api.InvokeAsync("workflows-versions-list", req.HttpContext);

    [Function("workflows-versions-get")]
    public Task<IResult> WorkflowsVersionsGet([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/workflows/{workflowId}/versions/{version}")] HttpRequest req) =>
        api.InvokeAsync("workflows-versions-get", req.HttpContext);

    [Function("workflows-versions-replace")]
    public Task<IResult> WorkflowsVersionsReplace([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/workflows/{workflowId}/versions/{version}")] HttpRequest req) =>
        api.InvokeAsync("workflows-versions-replace", req.HttpContext);

    [Function("runs-start")]
    public Task<IResult> RunsStart([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/workflows/{workflowId}/runs")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("runs-start", req.HttpContext, durable);

    [Function("runs-list")]
    public Task<IResult> RunsList([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/runs")] HttpRequest req) =>
        api.InvokeAsync("runs-list", req.HttpContext);

    [Function("runs-get")]
    public Task<IResult> RunsGet([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/runs/{runId}")] HttpRequest req) =>
        api.InvokeAsync("runs-get", req.HttpContext);

    [Function("runs-events")]
    public Task<IResult> RunsEvents([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/runs/{runId}/events")] HttpRequest req) =>
        api.InvokeAsync("runs-events", req.HttpContext);

    [Function("runs-payload")]
    public Task<IResult> RunsPayload([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/runs/{runId}/payloads/{name}")] HttpRequest req) =>
        api.InvokeAsync("runs-payload", req.HttpContext);

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
}
