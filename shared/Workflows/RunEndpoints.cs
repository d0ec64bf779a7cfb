using Marketplace.Serialization;
using System.Text;
using System.Text.Json;
using Marketplace.Http;
using Marketplace.Workflows.Engine;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Workflows;

/// <summary>
/// Runs of the caller's tenant: start, read, list, decide approvals, cancel, suspend, resume, follow.
/// <see cref="WorkflowRuns"/> refuses by throwing (a <see cref="Errors.DomainException"/> the dispatcher renders): the
/// problems a result lists that its handler does not build itself are those refusals.
/// </summary>
public sealed class RunEndpoints(WorkflowRuns runs, RunStore store, Payloads payloads)
{
    public async Task<Results<Accepted<WorkflowRun>, InvalidProblem, PaymentRequiredProblem, NotFoundProblem, ConflictProblem>> Start(ApiRequest request)
    {
        var body = request.Http.Request.ContentLength is 0 ? new StartRunRequest() : await request.BodyAsync<StartRunRequest>();
        var key = request.Header("Idempotency-Key");
        if (key is { Length: > 200 }) return new InvalidProblem([new("Idempotency-Key", "At most 200 characters.")]);
        var (run, _) = await runs.StartAsync(request.Caller, request.Route("workflowId"), body.Version, body.Input, key, request.Durable, request.Aborted);
        return TypedResults.Accepted($"/api/runs/{run.RunId}", run);
    }

    public async Task<Results<Ok<RunView>, NotFoundProblem>> Get(ApiRequest request) =>
        TypedResults.Ok(await runs.GetAsync(request.Caller.TenantId!, request.Route("runId"), request.Aborted));

    public async Task<Results<Ok<RunPage>, InvalidProblem>> List(ApiRequest request)
    {
        var errors = new List<FieldError>();
        RunState? state = null;
        if (request.Query("state") is { } s)
        {
            if (Enum.TryParse<RunState>(s, ignoreCase: true, out var parsed) && !int.TryParse(s, out _)) state = parsed;
            else errors.Add(new("state", $"One of {string.Join(", ", Enum.GetNames<RunState>().Select(n => n.ToLowerInvariant()))}."));
        }
        var limit = 20;
        if (request.Query("limit") is { } l && (!int.TryParse(l, out limit) || limit is < 1 or > 100)) errors.Add(new("limit", "1 to 100."));
        if (request.Query("cursor") is { } c && !Storage.TableCursors.IsWellFormed(c)) errors.Add(new("cursor", "Not a cursor this API returned."));
        if (errors.Count > 0) return new InvalidProblem(errors);
        try
        {
            return TypedResults.Ok(await store.ListAsync(request.Caller.TenantId!, request.Query("workflowId"), state, limit, request.Query("cursor"), request.Aborted));
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 400)
        {
            return new InvalidProblem([new("cursor", "Not a cursor this API returned.")]);
        }
    }

    public async Task<Results<Ok<RunStep>, InvalidProblem, ForbiddenProblem, NotFoundProblem, ConflictProblem>> Decide(ApiRequest request)
    {
        var body = await request.BodyAsync<ApprovalRequest>();
        if (body.Comment is { Length: > 2000 }) return new InvalidProblem([new("$.comment", "At most 2000 characters.")]);
        return TypedResults.Ok(await runs.DecideAsync(request.Caller, request.Route("runId"), body, request.Durable, request.Aborted));
    }

    public Task<Results<Accepted<WorkflowRun>, NotFoundProblem, ConflictProblem>> Cancel(ApiRequest request) => Control(request, ControlSignal.Cancel);

    public Task<Results<Accepted<WorkflowRun>, NotFoundProblem, ConflictProblem>> Suspend(ApiRequest request) => Control(request, ControlSignal.Suspend);

    public Task<Results<Accepted<WorkflowRun>, NotFoundProblem, ConflictProblem>> Resume(ApiRequest request) => Control(request, ControlSignal.Resume);

    async Task<Results<Accepted<WorkflowRun>, NotFoundProblem, ConflictProblem>> Control(ApiRequest request, string action)
    {
        var run = await runs.ControlAsync(request.Caller, request.Route("runId"), action, request.Durable, request.Aborted);
        return TypedResults.Accepted($"/api/runs/{run.RunId}", run);
    }

    /// <summary>The stored bytes as they are: JSON of any shape, which no result type describes (its Doc lists the responses).</summary>
    public async Task<IResult> Payload(ApiRequest request)
    {
        var (tenantId, runId) = (request.Caller.TenantId!, request.Route("runId"));
        if (await store.GetAsync(tenantId, runId, request.Aborted) is null) return Problems.NotFound($"No run '{runId}'.");
        var data = await payloads.ReadAsync(tenantId, runId, request.Route("name"), request.Aborted);
        return data is null ? Problems.NotFound("No such payload.") : Results.Bytes(data.ToArray(), "application/json");
    }

    /// <summary>
    /// Server-sent events: <c>run</c> whenever the run changes and <c>step</c> whenever a step does, read from the
    /// run's records (so it works whichever instance runs the orchestration), until the run ends. A stream no result
    /// type describes: its Doc lists the responses.
    /// </summary>
    public async Task<IResult> Events(ApiRequest request)
    {
        var (tenantId, runId) = (request.Caller.TenantId!, request.Route("runId"));
        var run = await store.GetAsync(tenantId, runId, request.Aborted);
        if (run is null) return Problems.NotFound($"No run '{runId}'.");
        var response = request.Http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        var seenSteps = new Dictionary<string, string>();
        string? seenRun = null;
        var id = 0;
        try
        {
            while (true)
            {
                foreach (var step in await store.StepsAsync(tenantId, runId, request.Aborted))
                {
                    var json = JsonSerializer.Serialize(step, Json.Lenient);
                    if (seenSteps.TryGetValue(step.StepPath, out var seen) && seen == json) continue;
                    seenSteps[step.StepPath] = json;
                    await WriteAsync(response, "step", ++id, json, request.Aborted);
                }
                var runJson = JsonSerializer.Serialize(run, Json.Lenient);
                if (runJson != seenRun)
                {
                    seenRun = runJson;
                    await WriteAsync(response, "run", ++id, runJson, request.Aborted);
                }
                if (run!.State.IsFinished()) break;
                await Task.Delay(TimeSpan.FromMilliseconds(500), request.Aborted);
                run = await store.GetAsync(tenantId, runId, request.Aborted);
            }
        }
        catch (OperationCanceledException) when (request.Aborted.IsCancellationRequested)
        {
        }
        return Results.Empty;
    }

    static async Task WriteAsync(HttpResponse response, string name, int id, string json, CancellationToken ct)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes($"id: {id}\nevent: {name}\ndata: {json}\n\n"), ct);
        await response.Body.FlushAsync(ct);
    }
}
