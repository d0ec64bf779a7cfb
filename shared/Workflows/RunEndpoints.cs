using System.Text;
using System.Text.Json;
using Marketplace.Http;
using Marketplace.Workflows.Engine;
using Microsoft.AspNetCore.Http;

namespace Marketplace.Workflows;

/// <summary>Runs of the caller's tenant: start, read, list, decide approvals, cancel, suspend, resume, follow.</summary>
public static class RunEndpoints
{
    public static async Task<IResult> Start(ApiRequest request)
    {
        var body = request.Http.Request.ContentLength is 0 ? new StartRunRequest() : await request.BodyAsync<StartRunRequest>();
        var key = request.Header("Idempotency-Key");
        if (key is { Length: > 200 }) return Problems.Validation([new("Idempotency-Key", "At most 200 characters.")]);
        var (run, _) = await request.Service<WorkflowRuns>().StartAsync(request.Caller, request.Route("workflowId"), body.Version, body.Input, key, request.Durable, request.Aborted);
        return Results.Accepted($"/api/runs/{run.RunId}", run);
    }

    public static async Task<IResult> Get(ApiRequest request) =>
        Results.Ok(await request.Service<WorkflowRuns>().GetAsync(request.Caller.TenantId!, request.Route("runId"), request.Aborted));

    public static async Task<IResult> List(ApiRequest request)
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
        if (errors.Count > 0) return Problems.Validation(errors);
        try
        {
            return Results.Ok(await request.Service<RunStore>().ListAsync(request.Caller.TenantId!, request.Query("workflowId"), state, limit, request.Query("cursor"), request.Aborted));
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 400)
        {
            return Problems.Validation([new("cursor", "Not a cursor this API returned.")]);
        }
    }

    public static async Task<IResult> Decide(ApiRequest request)
    {
        var body = await request.BodyAsync<ApprovalRequest>();
        if (body.Comment is { Length: > 2000 }) return Problems.Validation([new("$.comment", "At most 2000 characters.")]);
        return Results.Ok(await request.Service<WorkflowRuns>().DecideAsync(request.Caller, request.Route("runId"), body, request.Durable, request.Aborted));
    }

    public static Task<IResult> Cancel(ApiRequest request) => Control(request, ControlSignal.Cancel);

    public static Task<IResult> Suspend(ApiRequest request) => Control(request, ControlSignal.Suspend);

    public static Task<IResult> Resume(ApiRequest request) => Control(request, ControlSignal.Resume);

    static async Task<IResult> Control(ApiRequest request, string action)
    {
        var run = await request.Service<WorkflowRuns>().ControlAsync(request.Caller, request.Route("runId"), action, request.Durable, request.Aborted);
        return Results.Accepted($"/api/runs/{run.RunId}", run);
    }

    public static async Task<IResult> Payload(ApiRequest request)
    {
        var (tenantId, runId) = (request.Caller.TenantId!, request.Route("runId"));
        if (await request.Service<RunStore>().GetAsync(tenantId, runId, request.Aborted) is null) return Problems.NotFound($"No run '{runId}'.");
        var data = await request.Service<Payloads>().ReadAsync(tenantId, runId, request.Route("name"), request.Aborted);
        return data is null ? Problems.NotFound("No such payload.") : Results.Bytes(data.ToArray(), "application/json");
    }

    /// <summary>
    /// Server-sent events: <c>run</c> whenever the run changes and <c>step</c> whenever a step does, read from the
    /// run's records (so it works whichever instance runs the orchestration), until the run ends.
    /// </summary>
    public static async Task<IResult> Events(ApiRequest request)
    {
        var (tenantId, runId) = (request.Caller.TenantId!, request.Route("runId"));
        var store = request.Service<RunStore>();
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
