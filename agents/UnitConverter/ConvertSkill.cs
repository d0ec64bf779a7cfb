using System.Text.Json;
using Marketplace.A2A.Protocol;

namespace Marketplace.Agents.UnitConverter;

/// <summary>Converts a quantity; when no target unit is named it asks for one (INPUT_REQUIRED) and waits.</summary>
public sealed class ConvertSkill : ISkill
{
    public string Id => "convert";

    public async Task RunAsync(SkillRun run)
    {
        if (!Units.TryParse(run.Text, out var value, out var from, out var to))
        {
            await run.FailAsync("Send a quantity and units, e.g. \"12 km to mi\".");
            return;
        }
        to ??= (await run.AskAsync($"Convert {value} {from} to which unit?")).Trim();
        if (!Units.IsKnown(from) || !Units.IsKnown(to))
        {
            await run.FailAsync($"Unknown unit: {(Units.IsKnown(from) ? to : from)}.");
            return;
        }
        double result;
        try
        {
            result = Units.Convert(value, from, to);
        }
        catch (InvalidOperationException ex)
        {
            await run.FailAsync(ex.Message);
            return;
        }
        var conversion = new Conversion(result, to, $"{value} {from}");
        await run.EmitAsync(new Artifact("conversion", [new Part { Data = JsonSerializer.SerializeToElement(conversion, Marketplace.Serialization.Json.Lenient), MediaType = "application/json" }])
        {
            Name = "conversion",
        });
    }
}
