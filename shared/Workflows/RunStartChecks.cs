extern alias JsonEverything;
using System.Text;
using System.Text.Json;
using JsonEverything::Json.Schema;
using Marketplace.Billing;
using Marketplace.Http;
using Marketplace.Mcp;
using Marketplace.Registry;
using Marketplace.Tenancy;
using Microsoft.Extensions.Options;

namespace Marketplace.Workflows;

/// <summary>
/// What a run must pass before it starts: its input against the version's schema and size limit, and the tenant's
/// credit against the most its priced agent and tool steps can cost.
/// </summary>
public sealed class RunStartChecks(BillingStore billing, TenantPlans plans, AgentService agents, IToolStore tools, IOptions<WorkflowOptions> options, TimeProvider clock)
{
    public void ValidateInput(WorkflowDefinition definition, JsonElement input)
    {
        if (Encoding.UTF8.GetByteCount(input.GetRawText()) > options.Value.MaxInputBytes)
            throw WorkflowRejection.Invalid([new("$.input", $"Larger than {options.Value.MaxInputBytes} bytes.")], "The input is too large.");
        if (definition.InputSchema is not { } schema) return;
        var results = JsonSchema.Build(schema).Evaluate(input, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid) return;
        var errors = (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => new FieldError("$.input" + JsonPath(d.InstanceLocation.ToString()), e.Value)))
            .Distinct().ToList();
        throw WorkflowRejection.Invalid(errors.Count > 0 ? errors : [new("$.input", "Does not match the workflow's input schema.")], "The input does not match the workflow's input schema.");
    }

    /// <summary>A JSON pointer as the JSON path our problem details use (<c>/a/0/b</c> → <c>.a[0].b</c>).</summary>
    static string JsonPath(string pointer) => string.Concat(pointer.Split('/', StringSplitOptions.RemoveEmptyEntries)
        .Select(s => s.Replace("~1", "/").Replace("~0", "~")).Select(s => int.TryParse(s, out _) ? $"[{s}]" : "." + s));

    /// <summary>
    /// A run that could not pay for its priced steps would fail half-way; it is refused up front (402) when the
    /// tenant's available credit is below the most its agent and tool steps can cost (a map's body counted once).
    /// </summary>
    public async Task CheckCreditAsync(Caller caller, WorkflowDefinition definition, CancellationToken ct)
    {
        // Summed in Int128: an estimate times a step count cannot wrap to a small or negative need. A priced step
        // whose pricing is out of bounds estimates as unaffordable, so such a run is refused here too.
        Int128 needed = 0;
        var steps = StepTree.Flatten(definition.Steps).ToList();
        // One lookup per agent or tool, counted as often as steps call it.
        foreach (var agent in steps.Where(s => s is { Kind: StepKind.Agent, Agent: not null }).GroupBy(s => s.Agent!))
            if (await agents.FindForCallAsync(caller, agent.Key, ct) is { Pricing: { IsFree: false } pricing }) needed += (Int128)pricing.Estimate * agent.Count();
        foreach (var tool in steps.Where(s => s is { Kind: StepKind.Tool, Tool: not null }).GroupBy(s => s.Tool!))
            if (await tools.GetAsync(caller.TenantId!, tool.Key, ct) is { Pricing: { IsFree: false } pricing }) needed += (Int128)pricing.Estimate * tool.Count();
        if (needed == 0) return;
        var wallet = (await billing.GetWalletAsync(caller.TenantId!, ct)).Wallet;
        var allowance = OverdraftAllowance.For((await plans.GetAsync(caller.TenantId!, ct)).Limits);
        // A reservation is taken out of its grants when made, so the balance is already net of what is held.
        var available = wallet.Balance(clock.GetUtcNow()) + allowance.Limit;
        if (available < needed) throw WorkflowRejection.PaymentRequired(needed > long.MaxValue ? long.MaxValue : (long)needed, Math.Max(0, available));
    }
}
