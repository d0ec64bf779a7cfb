using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Marketplace.Tests.Workflows;
using Xunit;
using static Marketplace.Tests.Workflows.WorkflowTenant;

namespace Marketplace.Tests.Mcp;

/// <summary>
/// The marketplace's own tools that act: calling an agent, starting a workflow and reading its run, each under the
/// caller's role and tenant exactly as the REST and A2A endpoints are.
/// </summary>
[Collection("platform-tools")]
public sealed class MarketplaceCallToolsTests(PlatformFixture platform)
{
    [Fact]
    public async Task Send_message_calls_an_agent_by_name_through_the_gateway_and_records_the_task()
    {
        await using var agent = await WorkflowAgent.StartAsync();
        await using var tenant = await WorkflowTenant.CreateAsync(platform, agent);

        var sent = await McpTools.CallAsync(tenant.Client, "marketplace.send_message",
            new JsonObject { ["agent"] = "workflow test agent", ["text"] = "hello there", ["skill"] = "echo" });
        Assert.NotEqual(true, sent["isError"]?.GetValue<bool>());
        var task = sent["structuredContent"]!["task"]!;
        Assert.Equal((tenant.AgentId, "TASK_STATE_COMPLETED"), (sent["structuredContent"]!["agentId"]!.GetValue<string>(), task["status"]!["state"]!.GetValue<string>()));
        Assert.Equal("echo: hello there", task["artifacts"]![0]!["parts"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(1, agent.Count("echo", "hello there"));
        // The task is the gateway's: the tenant reads it back over A2A like any other.
        var read = await A2ARpc.ResultAsync(tenant.Client, tenant.AgentId, "GetTask", new JsonObject { ["id"] = task["id"]!.GetValue<string>() });
        Assert.Equal("TASK_STATE_COMPLETED", read["status"]!["state"]!.GetValue<string>());

        var withParts = await McpTools.CallAsync(tenant.Client, "marketplace.send_message", new JsonObject
        {
            ["agent"] = tenant.AgentId, ["skill"] = "echo", ["parts"] = new JsonArray(new JsonObject { ["text"] = "from parts" }),
        });
        Assert.Equal("echo: from parts", withParts["structuredContent"]!["task"]!["artifacts"]![0]!["parts"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Send_message_refuses_bad_arguments_unknown_or_hidden_agents_and_read_only_keys_as_tool_errors()
    {
        await using var agent = await WorkflowAgent.StartAsync();
        await using var tenant = await WorkflowTenant.CreateAsync(platform, agent);
        var (_, otherKey) = await platform.NewTenantAsync("developer");
        using var other = platform.Client(otherKey);
        using var reader = platform.Client(await platform.NewKeyAsync(tenant.TenantId, "reader"));

        // Another tenant's private listing reads exactly as an unknown agent, by id and by name.
        foreach (var name in new[] { tenant.AgentId, "Workflow Test Agent", "agt-nobody" })
            Assert.Equal($"No agent '{name}'.", ErrorText(await McpTools.CallAsync(other, "marketplace.send_message", new JsonObject { ["agent"] = name, ["text"] = "hi" })));
        Assert.Equal(0, agent.Count("echo", "hi"));

        // A reader may read tasks but not send messages, as over A2A.
        Assert.Contains("owner, developer or agent", ErrorText(await McpTools.CallAsync(reader, "marketplace.send_message", new JsonObject { ["agent"] = tenant.AgentId, ["text"] = "hi" })));

        foreach (var bad in new[]
                 {
                     new JsonObject { ["text"] = "hi" },
                     new JsonObject { ["agent"] = tenant.AgentId },
                     new JsonObject { ["agent"] = tenant.AgentId, ["text"] = "" },
                     new JsonObject { ["agent"] = tenant.AgentId, ["text"] = "hi", ["parts"] = new JsonArray(new JsonObject { ["text"] = "hi" }) },
                     new JsonObject { ["agent"] = tenant.AgentId, ["parts"] = new JsonArray(new JsonObject { ["text"] = "a", ["url"] = "https://x.example" }) },
                     new JsonObject { ["agent"] = tenant.AgentId, ["parts"] = "text" },
                     new JsonObject { ["agent"] = tenant.AgentId, ["text"] = "hi", ["skill"] = 3 },
                     new JsonObject { ["agent"] = tenant.AgentId, ["text"] = "hi", ["skill"] = "sing" },
                 })
            Assert.NotEmpty(ErrorText(await McpTools.CallAsync(tenant.Client, "marketplace.send_message", bad)));
        Assert.Equal(0, agent.Count("echo", "hi"));
    }

    [Fact]
    public async Task Start_workflow_and_get_run_follow_a_run_to_its_output_within_the_tenant_and_role()
    {
        await using var agent = await WorkflowAgent.StartAsync();
        await using var tenant = await WorkflowTenant.CreateAsync(platform, agent);
        var id = "mcp-" + Guid.NewGuid().ToString("N")[..8];
        var definition = Definition(id, tenant.Agent("greet", "echo", JsonValue.Create("{{/input/name}}")!));
        definition["name"] = "Greeter " + id;
        definition["inputSchema"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["name"] = new JsonObject { ["type"] = "string" } }, ["required"] = new JsonArray("name") };
        await tenant.CreateAsync(definition);

        var started = await McpTools.CallAsync(tenant.Client, "marketplace.start_workflow", new JsonObject { ["workflow"] = "greeter " + id, ["input"] = new JsonObject { ["name"] = "Ada" } });
        Assert.NotEqual(true, started["isError"]?.GetValue<bool>());
        Assert.Equal(id, started["structuredContent"]!["workflowId"]!.GetValue<string>());
        var runId = started["structuredContent"]!["runId"]!.GetValue<string>();
        var finished = await Eventually.Get(async () =>
        {
            var view = await McpTools.CallAsync(tenant.Client, "marketplace.get_run", new JsonObject { ["runId"] = runId });
            return view["structuredContent"]!["run"]!["state"]!.GetValue<string>() is "completed" or "failed" ? view["structuredContent"] : null;
        }, TimeSpan.FromSeconds(40));
        Assert.Equal("completed", finished["run"]!["state"]!.GetValue<string>());
        Assert.Equal(["greet"], finished["steps"]!.AsArray().Select(s => s!["stepPath"]!.GetValue<string>()));
        Assert.Equal(1, agent.Count("echo", "Ada"));

        // The input schema, the caller's role and its tenant apply as on POST /api/workflows/{id}/runs and GET /api/runs/{id}.
        Assert.Contains("$.input", ErrorText(await McpTools.CallAsync(tenant.Client, "marketplace.start_workflow", new JsonObject { ["workflow"] = id, ["input"] = new JsonObject { ["name"] = 7 } })));
        Assert.NotEmpty(ErrorText(await McpTools.CallAsync(tenant.Client, "marketplace.start_workflow", new JsonObject { ["workflow"] = id, ["input"] = "Ada" })));
        Assert.NotEmpty(ErrorText(await McpTools.CallAsync(tenant.Client, "marketplace.start_workflow", new JsonObject())));
        Assert.NotEmpty(ErrorText(await McpTools.CallAsync(tenant.Client, "marketplace.get_run", new JsonObject { ["runId"] = 5 })));
        using var reader = platform.Client(await platform.NewKeyAsync(tenant.TenantId, "reader"));
        Assert.Contains("owner, developer or agent", ErrorText(await McpTools.CallAsync(reader, "marketplace.start_workflow", new JsonObject { ["workflow"] = id, ["input"] = new JsonObject { ["name"] = "Bo" } })));
        Assert.Equal("completed", (await McpTools.CallAsync(reader, "marketplace.get_run", new JsonObject { ["runId"] = runId }))["structuredContent"]!["run"]!["state"]!.GetValue<string>());
        var (_, otherKey) = await platform.NewTenantAsync("developer");
        using var other = platform.Client(otherKey);
        Assert.Equal($"No run '{runId}'.", ErrorText(await McpTools.CallAsync(other, "marketplace.get_run", new JsonObject { ["runId"] = runId })));
        Assert.Equal($"No workflow '{id}'.", ErrorText(await McpTools.CallAsync(other, "marketplace.start_workflow", new JsonObject { ["workflow"] = id, ["input"] = new JsonObject { ["name"] = "Cy" } })));
        Assert.Equal(0, agent.Count("echo", "Bo") + agent.Count("echo", "Cy"));
    }

    static string ErrorText(JsonNode result)
    {
        Assert.True(result["isError"]?.GetValue<bool>() == true, result.ToJsonString());
        return result["content"]![0]!["text"]!.GetValue<string>();
    }
}
