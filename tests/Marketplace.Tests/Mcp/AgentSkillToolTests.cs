using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.A2A.Lifecycle;
using Marketplace.A2A.Protocol;
using Marketplace.A2A.Tasks;
using Marketplace.Orchestrations.Workflows;
using Marketplace.Tenancy;
using Marketplace.Tests.Infrastructure;
using Marketplace.Workflows;
using Marketplace.Workflows.Engine;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Marketplace.Tests.Mcp;

/// <summary>An agent's skill as an MCP tool: the call goes through the A2A gateway to the real sample agent.</summary>
[Collection("platform-tools")]
public sealed class AgentSkillToolTests(PlatformFixture platform, SampleAgentsFixture agents) : IClassFixture<SampleAgentsFixture>
{
    [Fact]
    public async Task A_skill_tool_call_runs_an_a2a_task_and_returns_its_artifacts()
    {
        var (_, publisherKey) = await platform.NewTenantAsync("publisher");
        var (textAgent, converterAgent) = await agents.PublishAsync(platform.BaseAddress, publisherKey);
        var (_, key) = await platform.NewTenantAsync("developer");
        using var client = platform.Client(key);
        var created = await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/tools", new { name = "keywords", skill = new { agentId = textAgent, skillId = "keywords" } }));
        Assert.Contains("Keyword extraction", created["description"]!.GetValue<string>());
        await client.PostAsJsonAsync("/api/tools", new { name = "convert", skill = new { agentId = converterAgent, skillId = "convert" } });

        var listed = await Mcp(client, "tools/list", new JsonObject());
        Assert.Equal(["convert", "keywords"], listed["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));
        Assert.Equal("text", listed["tools"]![1]!["inputSchema"]!["required"]![0]!.GetValue<string>());

        var result = await Mcp(client, "tools/call", new JsonObject { ["name"] = "keywords", ["arguments"] = new JsonObject { ["text"] = "Cats purr. Cats sleep. Dogs bark." } });
        Assert.NotEqual(true, result["isError"]?.GetValue<bool>());
        var keywords = JsonNode.Parse(result["content"]![0]!["text"]!.GetValue<string>())!.AsArray();
        Assert.Equal("cats", keywords[0]!["word"]!.GetValue<string>());
        Assert.Equal(2, keywords[0]!["count"]!.GetValue<int>());

        // A skill that asks for more input cannot finish inside one tool call: a tool error naming the question.
        var asked = await Mcp(client, "tools/call", new JsonObject { ["name"] = "convert", ["arguments"] = new JsonObject { ["text"] = "12 km" } });
        Assert.True(asked["isError"]!.GetValue<bool>());
        Assert.Contains("which unit", asked["content"]![0]!["text"]!.GetValue<string>());

        var missing = await Mcp(client, "tools/call", new JsonObject { ["name"] = "keywords", ["arguments"] = new JsonObject() });
        Assert.True(missing["isError"]!.GetValue<bool>());

        // Every call was audited; the per-tool metrics read the audit trail.
        var keywordMetrics = await ProblemAssert.ReadObject(await client.GetAsync("/api/tools/keywords/metrics"));
        Assert.Equal((2, 1), (keywordMetrics["calls"]!.GetValue<int>(), keywordMetrics["errors"]!.GetValue<int>()));
        Assert.True(keywordMetrics["p99Ms"]!.GetValue<double>() >= keywordMetrics["p50Ms"]!.GetValue<double>());
        var convertMetrics = await ProblemAssert.ReadObject(await client.GetAsync("/api/tools/convert/metrics?hours=1"));
        Assert.Equal((1, 1), (convertMetrics["calls"]!.GetValue<int>(), convertMetrics["errors"]!.GetValue<int>()));
        await ProblemAssert.IsProblem(await client.GetAsync("/api/tools/convert/metrics?hours=0"), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblem(await client.GetAsync("/api/tools/nothing/metrics"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_skill_tool_must_name_a_visible_agent_and_one_of_its_skills()
    {
        var (_, publisherKey) = await platform.NewTenantAsync("publisher");
        var (textAgent, _) = await agents.PublishAsync(platform.BaseAddress, publisherKey);
        var (_, key) = await platform.NewTenantAsync("developer");
        using var client = platform.Client(key);
        var noAgent = await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/tools", new { name = "x", skill = new { agentId = "agt-none", skillId = "y" } }), HttpStatusCode.BadRequest);
        Assert.Equal(["$.skill.agentId"], ProblemAssert.ErrorPaths(noAgent));
        var noSkill = await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/tools", new { name = "x", skill = new { agentId = textAgent, skillId = "translate" } }), HttpStatusCode.BadRequest);
        Assert.Equal(["$.skill.skillId"], ProblemAssert.ErrorPaths(noSkill));
        var both = await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/tools", new
        {
            name = "x", description = "d", inputSchema = new { type = "object" },
            http = new { method = "GET", urlTemplate = "https://api.example.com" }, skill = new { agentId = textAgent, skillId = "keywords" },
        }), HttpStatusCode.BadRequest);
        Assert.Contains("$", ProblemAssert.ErrorPaths(both));
    }

    [Fact]
    public async Task A_skill_tool_whose_task_waits_for_input_follows_it_with_the_durable_client_the_functions_host_binds()
    {
        var (_, publisherKey) = await platform.NewTenantAsync("publisher");
        var (_, converterAgent) = await agents.PublishAsync(platform.BaseAddress, publisherKey);
        var (tenantId, key) = await platform.NewTenantAsync("developer");
        var bound = platform.App.Services.GetRequiredService<DurableTaskClient>();
        await using var functions = await FunctionsStyleHost.StartAsync(platform, bound);
        Assert.Null(functions.Services.GetService<DurableTaskClient>());
        using var client = new HttpClient { BaseAddress = functions.BaseAddress };
        client.DefaultRequestHeaders.Add("X-API-Key", key);
        await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/tools", new { name = "convert", skill = new { agentId = converterAgent, skillId = "convert" } }));

        var asked = await Mcp(client, "tools/call", new JsonObject { ["name"] = "convert", ["arguments"] = new JsonObject { ["text"] = "12 km" } });
        Assert.True(asked["isError"]!.GetValue<bool>());
        Assert.Contains("which unit", asked["content"]![0]!["text"]!.GetValue<string>());

        // The task stays open for input, so its lifecycle (deadline, billing at the end) runs as an orchestration,
        // started with the client the wrapper passed to the dispatcher, down through the hub, the tool call and the
        // gateway: there is none in this composition's DI to fall back on.
        var tasks = await functions.Services.GetRequiredService<ITaskStore>().ListAsync(new TaskQuery(tenantId, converterAgent, null, null, null, 10, null), CancellationToken.None);
        var task = Assert.Single(tasks.Tasks);
        Assert.Equal(TaskState.InputRequired, task.State);
        Assert.NotNull(await bound.GetInstanceAsync(ITaskLifecycle.InstanceId(tenantId, task.TaskId)));
    }

    [Fact]
    public async Task A_workflow_tool_step_of_a_skill_tool_whose_task_waits_for_input_follows_it_with_the_client_its_function_passes()
    {
        var (_, publisherKey) = await platform.NewTenantAsync("publisher");
        var (_, converterAgent) = await agents.PublishAsync(platform.BaseAddress, publisherKey);
        var (tenantId, key) = await platform.NewTenantAsync("developer");
        var bound = platform.App.Services.GetRequiredService<DurableTaskClient>();
        await using var functions = await FunctionsStyleHost.StartAsync(platform, bound);
        using var client = platform.Client(key);
        await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/tools", new { name = "convert", skill = new { agentId = converterAgent, skillId = "convert" } }));
        var now = DateTimeOffset.UtcNow;
        var runId = "run-" + Guid.NewGuid().ToString("N");
        await functions.Services.GetRequiredService<RunStore>().CreateAsync(new WorkflowRun(tenantId, runId, "wf-convert", 1, RunState.Running, now, now), CancellationToken.None);

        // Built as the Functions app's DI builds it: no client to take from DI, only the one its [Function] passes.
        var activity = ActivatorUtilities.CreateInstance<ToolStepActivity>(functions.Services);
        var step = new WorkflowStep("convert", StepKind.Tool) { Tool = "convert", Arguments = JsonSerializer.SerializeToElement(new { text = "12 km" }) };
        var outcome = await activity.RunAsync(new StepCall(new RunCaller(tenantId, runId, null, Role.Owner), "convert", 1, step, JsonSerializer.SerializeToElement(new { })), bound);
        Assert.Equal(StepState.Failed, outcome.State);
        Assert.Contains("which unit", outcome.Error);

        var tasks = await functions.Services.GetRequiredService<ITaskStore>().ListAsync(new TaskQuery(tenantId, converterAgent, null, null, null, 10, null), CancellationToken.None);
        var task = Assert.Single(tasks.Tasks);
        Assert.Equal(TaskState.InputRequired, task.State);
        Assert.NotNull(await bound.GetInstanceAsync(ITaskLifecycle.InstanceId(tenantId, task.TaskId)));
    }

    /// <summary>One stateless MCP request; the answer may come as JSON or as one SSE event.</summary>
    static async Task<JsonNode> Mcp(HttpClient client, string method, JsonObject parameters)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = method, ["params"] = parameters }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", "2025-11-25");
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        var json = response.Content.Headers.ContentType?.MediaType == "text/event-stream"
            ? text.Split('\n').First(l => l.StartsWith("data:", StringComparison.Ordinal))["data:".Length..]
            : text;
        var envelope = JsonNode.Parse(json)!;
        Assert.True(envelope["result"] is not null, json);
        return envelope["result"]!;
    }
}
