using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Hosting;
using Marketplace.Mcp;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Marketplace.Workflows.Engine;

/// <summary>
/// Tool steps call the tenant's MCP hub tools through the same path as <c>tools/call</c> (access, limits, billing,
/// audit). The call's idempotency key is derived from run, step and attempt; a finished attempt's recorded result is
/// returned instead of calling again. An agent-skill tool reaches the gateway, which starts its task's lifecycle with
/// the activity's Durable client.
/// </summary>
public sealed class ToolSteps(IToolStore tools, ToolCalls calls, RunStore runs, StepRecorder recorder, Payloads payloads, IOptions<MarketplaceOptions> marketplace, TimeProvider clock)
{
    public async Task<StepOutcome> CallAsync(StepCall call, DurableTaskClient durable, CancellationToken ct)
    {
        var (caller, step) = (call.Caller, call.Step);
        // Both reads are needed before the call, and neither depends on the other: one round trip, not two.
        var reading = runs.GetStepAsync(caller.TenantId, caller.RunId, call.StepPath, ct);
        var checking = runs.IsOverAsync(caller.TenantId, caller.RunId, ct);
        await Task.WhenAll(reading, checking);
        var stored = reading.Result;
        if (stored is { State: StepState.Completed or StepState.Failed } && stored.Attempt == call.Attempt)
            return new StepOutcome(stored.State, stored.Output) { Error = stored.Error };
        var template = new RunStep(call.StepPath, StepKind.Tool, StepState.Running, call.Attempt, clock.GetUtcNow())
        {
            Tool = step.Tool, DependsOn = StepRecorder.DependsOn(step, call.Data),
        };
        if (checking.Result)
            return new StepOutcome(StepState.Cancelled, null) { Error = "The run was cancelled." };

        var asCaller = caller.AsCaller();
        var tool = await tools.GetAsync(caller.TenantId, step.Tool!, ct);
        var seenAbsent = stored is null;
        if (tool is null || !tool.VisibleTo(asCaller)) return await FinishAsync(call, template, seenAbsent, StepState.Failed, null, $"No tool '{step.Tool}' this run may call.", ct);

        var data = await payloads.ExpandAsync(caller.TenantId, caller.RunId, call.Data, ct);
        var arguments = step.Arguments is { } a ? DataRefs.Resolve(a, data) : JsonSerializer.SerializeToElement(new JsonObject());
        var argumentMap = arguments.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
        var result = await calls.CallAsync(asCaller, tool, argumentMap, PublicUrls.Base(marketplace.Value), durable, ct, "wf-" + caller.StepKey(call.StepPath, call.Attempt));
        var text = string.Join("\n", result.Content.OfType<ModelContextProtocol.Protocol.TextContentBlock>().Select(b => b.Text));
        if (result.IsError == true) return await FinishAsync(call, template, seenAbsent, StepState.Failed, null, text.Length > 0 ? text : "The tool reported an error.", ct);
        var output = new JsonObject { ["text"] = text };
        if (result.StructuredContent is { } structured) output["data"] = JsonNode.Parse(structured.GetRawText());
        return await FinishAsync(call, template, seenAbsent, StepState.Completed, JsonSerializer.SerializeToElement(output), null, ct);
    }

    async Task<StepOutcome> FinishAsync(StepCall call, RunStep template, bool seenAbsent, StepState state, JsonElement? output, string? error, CancellationToken ct)
    {
        var stored = await recorder.RecordAsync(new StepRecord(call.Caller, call.StepPath, StepKind.Tool, state, call.Attempt) { Output = output, Error = error }, template, ct, seenAbsent);
        return new StepOutcome(state, stored) { Error = error };
    }
}
