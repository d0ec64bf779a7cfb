using System.Text.Json;
using System.Text.Json.Nodes;

namespace Marketplace.Workflows.Engine;

/// <summary>Conditions and map items: they read the run's data, which may sit in Blob storage, so they are activities.</summary>
public sealed class ControlSteps(StepRecorder recorder, Payloads payloads, TimeProvider clock)
{
    public async Task<StepOutcome> ConditionAsync(StepCall call, CancellationToken ct)
    {
        var data = await payloads.ExpandAsync(call.Caller.TenantId, call.Caller.RunId, call.Data, ct);
        var template = new RunStep(call.StepPath, StepKind.Condition, StepState.Running, call.Attempt, clock.GetUtcNow()) { DependsOn = StepRecorder.DependsOn(call.Step, call.Data) };
        StepState state;
        JsonElement? output = null;
        string? error = null;
        try
        {
            output = JsonSerializer.SerializeToElement(new JsonObject { ["result"] = Conditions.Evaluate(call.Step.If!, data) });
            state = StepState.Completed;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or InvalidCastException or NCalc.Exceptions.NCalcException)
        {
            (state, error) = (StepState.Failed, $"The condition could not be evaluated: {ex.Message}");
        }
        var stored = await recorder.RecordAsync(new StepRecord(call.Caller, call.StepPath, StepKind.Condition, state, call.Attempt) { Output = output, Error = error }, template, ct);
        return new StepOutcome(state, stored) { Error = error };
    }

    /// <summary>A window of the map's items; an error when they are not an array or too many.</summary>
    public async Task<ItemsWindow> ItemsAsync(ItemsRequest request, int maxItems, CancellationToken ct)
    {
        var call = request.Call;
        var data = await payloads.ExpandAsync(call.Caller.TenantId, call.Caller.RunId, call.Data, ct);
        var items = DataRefs.Resolve(call.Step.Items!.Value, data);
        if (items.ValueKind != JsonValueKind.Array) return new ItemsWindow(0, []) { Error = $"The map's items are {items.ValueKind.ToString().ToLowerInvariant()}, not an array." };
        var total = items.GetArrayLength();
        if (total > maxItems) return new ItemsWindow(total, []) { Error = $"{total} items; a map takes at most {maxItems}." };
        return new ItemsWindow(total, items.EnumerateArray().Skip(request.Start).Take(request.Count).Select(i => i.Clone()).ToList());
    }
}
