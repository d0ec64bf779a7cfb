using Marketplace.Serialization;
using System.Text.Json;
using Marketplace.Http;
using Marketplace.Tenancy;
using Marketplace.Workflows;
using Microsoft.DurableTask.Client;
using ModelContextProtocol.Protocol;
using Marketplace.Errors;

namespace Marketplace.Mcp.BuiltIn;

/// <summary>
/// <c>marketplace.start_workflow</c> and <c>marketplace.get_run</c>: the caller's own workflows, started and read
/// through the same service as <c>POST /api/workflows/{id}/runs</c> and <c>GET /api/runs/{id}</c>, so roles, input
/// schemas, credit checks and tenant isolation are the REST API's.
/// </summary>
public sealed class WorkflowRunTools(WorkflowRuns runs, WorkflowStore workflows)
{
    public async Task<CallToolResult> StartAsync(Caller caller, IReadOnlyDictionary<string, JsonElement> arguments, DurableTaskClient durable, CancellationToken ct)
    {
        if (MarketplaceTools.Text(arguments, "workflow") is not { Length: > 0 and <= 200 } workflow)
            return ToolResults.Error("'workflow' is required: a workflow id or name from marketplace.search.");
        JsonElement? input = null;
        if (arguments.TryGetValue("input", out var rawInput))
        {
            if (rawInput.ValueKind != JsonValueKind.Object) return ToolResults.Error("'input' must be an object: the workflow's input.");
            input = rawInput;
        }
        try
        {
            if (await ResolveAsync(caller.TenantId!, workflow, ct) is not { } workflowId) return ToolResults.Error($"No workflow '{workflow}'.");
            if (workflowId.Length == 0) return ToolResults.Error($"More than one workflow is named '{workflow}': start it by its id (marketplace.search shows them).");
            var (run, _) = await runs.StartAsync(caller, workflowId, null, input, null, durable, ct);
            return MarketplaceTools.Structured(JsonSerializer.SerializeToElement(new StartedRun(run.RunId, run.WorkflowId, run.Version, run.State), Json.Lenient));
        }
        catch (DomainException rejection)
        {
            return ToolResults.Refused(rejection.Error);
        }
    }

    public async Task<CallToolResult> GetRunAsync(Caller caller, IReadOnlyDictionary<string, JsonElement> arguments, CancellationToken ct)
    {
        if (MarketplaceTools.Text(arguments, "runId") is not { } runId || !Ids.CanNameResource(runId))
            return ToolResults.Error("'runId' is required: the run id marketplace.start_workflow returned.");
        try
        {
            var view = await runs.GetAsync(caller.TenantId!, runId, ct);
            return MarketplaceTools.Structured(JsonSerializer.SerializeToElement(view, Json.Lenient));
        }
        catch (DomainException rejection)
        {
            return ToolResults.Refused(rejection.Error);
        }
    }

    /// <summary>An id names the workflow; otherwise a unique active workflow of that name ("" when several).</summary>
    async Task<string?> ResolveAsync(string tenantId, string workflow, CancellationToken ct)
    {
        if (Ids.CanNameResource(workflow) && await workflows.GetAsync(tenantId, workflow, ct) is not null) return workflow;
        var named = (await workflows.ListAsync(tenantId, ct))
            .Where(w => w.Status == WorkflowStatus.Active && string.Equals(w.Name, workflow, StringComparison.OrdinalIgnoreCase)).ToList();
        return named.Count switch { 0 => null, 1 => named[0].WorkflowId, _ => "" };
    }
}

/// <summary>What <c>marketplace.start_workflow</c> returns: the run to follow with <c>marketplace.get_run</c>.</summary>
public sealed record StartedRun(string RunId, string WorkflowId, int Version, RunState State);
