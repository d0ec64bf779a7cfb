using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Interop;

/// <summary>
/// A tenant's orchestrator agent driven by the npm @a2a-js/sdk client: its workflows are skills, a message starts a
/// run and the task follows it (tests/interop/a2a-workflows.test.mjs).
/// </summary>
[Collection("platform")]
public sealed class WorkflowAgentInteropTests(PlatformFixture platform, SampleAgentsFixture agents) : IClassFixture<SampleAgentsFixture>
{
    [Fact]
    public async Task The_a2a_js_sdk_client_runs_workflows_through_the_orchestrator_agent()
    {
        var (tenantId, key) = await platform.NewTenantAsync("owner");
        var (textAgent, _) = await agents.PublishAsync(platform.BaseAddress, key);
        using var client = platform.Client(key);
        var keywords = new JsonObject
        {
            ["id"] = "keywords", ["name"] = "Keywords", ["description"] = "The keywords of a text.",
            ["steps"] = new JsonArray(new JsonObject { ["id"] = "kw", ["kind"] = "agent", ["agent"] = textAgent, ["skill"] = "keywords", ["message"] = "{{/input/text}}" }),
            ["output"] = new JsonObject { ["keywords"] = new JsonObject { ["from"] = "/steps/kw/output/data" } },
        };
        var slow = new JsonObject { ["id"] = "slow", ["name"] = "Slow", ["steps"] = new JsonArray(new JsonObject { ["id"] = "wait", ["kind"] = "delay", ["seconds"] = 600 }) };
        foreach (var definition in new[] { keywords, slow })
            await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/workflows", definition), HttpStatusCode.Created);

        var (exitCode, output) = await NodeTest.RunAsync("tests/interop/a2a-workflows.test.mjs", new()
        {
            ["A2A_BASE"] = platform.BaseAddress.ToString().TrimEnd('/'),
            ["A2A_KEY"] = key,
            ["TENANT_ID"] = tenantId,
            ["WORKFLOW_ID"] = "keywords",
            ["SLOW_WORKFLOW_ID"] = "slow",
        });
        Assert.True(exitCode == 0, output);
    }
}
