using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Xunit;
using static Marketplace.Tests.Workflows.WorkflowTenant;

namespace Marketplace.Tests.Workflows;

/// <summary>Runs on the in-memory Durable backend, through the real gateway to a real agent and a real HTTP tool.</summary>
[Collection("platform")]
public sealed class WorkflowRunTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_linear_run_passes_outputs_along_and_builds_its_result()
    {
        await using var agent = await WorkflowAgent.StartAsync();
        await using var tenant = await CreateAsync(platform, agent);
        var definition = Definition("linear",
            tenant.Agent("greet", "echo", JsonValue.Create("hello {{/input/name}}")!),
            Tool("notify", "notify", "{{/steps/greet/output/text}} ({{/steps/greet/output/data/length}} chars)"));
        definition["output"] = new JsonObject { ["greeting"] = new JsonObject { ["from"] = "/steps/greet/output/data/upper" } };
        await tenant.CreateAsync(definition);

        var runId = await tenant.StartAsync("linear", new JsonObject { ["name"] = "ada" });
        var view = await tenant.WaitAsync(runId);
        Assert.Equal("completed", State(view));
        Assert.Equal("HELLO ADA", view["run"]!["output"]!["greeting"]!.GetValue<string>());
        Assert.Equal("completed", StepState(view, "greet"));
        Assert.Equal(["/steps/greet"], Step(view, "notify")!["dependsOn"]!.AsArray().Select(d => "/steps/" + d!.GetValue<string>()));
        Assert.Equal(1, agent.Count("echo", "hello ada"));
        var call = Assert.Single(tenant.Backend.Requests);
        Assert.StartsWith("wf-", call.Headers["Idempotency-Key"]);
    }
}
