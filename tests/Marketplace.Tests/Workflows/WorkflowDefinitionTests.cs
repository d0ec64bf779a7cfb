using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Xunit;
using static Marketplace.Tests.Workflows.WorkflowTenant;

namespace Marketplace.Tests.Workflows;

/// <summary>Definitions are validated whole with a path per problem, saved whole or not at all, and versioned.</summary>
[Collection("platform-tools")]
public sealed class WorkflowDefinitionTests(PlatformFixture platform)
{
    [Fact]
    public async Task Every_problem_of_a_bad_definition_is_reported_with_its_path_and_nothing_is_saved()
    {
        await using var agent = await WorkflowAgent.StartAsync();
        await using var tenant = await CreateAsync(platform, agent);
        var loopBack = tenant.Agent("second", "echo", JsonValue.Create("{{/steps/later/output/text}}")!);
        loopBack["next"] = "first";
        var jumpOver = tenant.Agent("first", "echo", JsonValue.Create("hi")!);
        var definition = new JsonObject
        {
            ["id"] = "broken", ["name"] = "broken",
            ["inputSchema"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["count"] = new JsonObject { ["type"] = "integer" } } },
            ["steps"] = new JsonArray(
                jumpOver,
                loopBack,
                new JsonObject { ["id"] = "ghost", ["kind"] = "agent", ["agent"] = "agt-nobody", ["skill"] = "x", ["message"] = "hi" },
                new JsonObject { ["id"] = "mute", ["kind"] = "agent", ["agent"] = tenant.AgentId, ["skill"] = "sing", ["message"] = "hi" },
                new JsonObject { ["id"] = "call", ["kind"] = "tool", ["tool"] = "nope", ["arguments"] = new JsonObject() },
                new JsonObject { ["id"] = "short", ["kind"] = "tool", ["tool"] = "notify", ["arguments"] = new JsonObject() },
                new JsonObject { ["id"] = "each", ["kind"] = "map", ["items"] = new JsonObject { ["from"] = "/input/count" }, ["steps"] = new JsonArray(Tool("inner", "notify", "{{/item}}")) },
                new JsonObject { ["id"] = "odd", ["kind"] = "condition", ["if"] = "[/input/count] >" , ["then"] = "end" },
                new JsonObject { ["id"] = "wide", ["kind"] = "parallel", ["branches"] = new JsonArray(Enumerable.Range(0, 11).Select(i => (JsonNode)new JsonObject { ["id"] = $"b{i}", ["steps"] = new JsonArray(Tool($"t{i}", "notify", "x")) }).ToArray()) },
                new JsonObject { ["id"] = "nap", ["kind"] = "delay", ["seconds"] = 0, ["tool"] = "notify" },
                Tool("first", "notify", "{{/item}}")),
        };
        var problem = await ProblemAssert.IsProblem(await tenant.Client.PostAsJsonAsync("/api/workflows", definition), HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsArray().Select(e => (Path: e!["path"]!.GetValue<string>(), Message: e["message"]!.GetValue<string>())).ToList();
        void Has(string path, string words) =>
            Assert.True(errors.Any(e => e.Path == path && e.Message.Contains(words, StringComparison.OrdinalIgnoreCase)), $"No '{words}' at {path} in:\n{string.Join("\n", errors)}");
        Has("$.steps[0]", "cycle");
        Has("$.steps[2]", "unreachable");
        Has("$.steps[1].message", "dangling");
        Has("$.steps[2].agent", "No active agent 'agt-nobody'");
        Has("$.steps[3].skill", "no skill 'sing'");
        Has("$.steps[4].tool", "No tool 'nope'");
        Has("$.steps[5].arguments", "requires argument 'text'");
        Has("$.steps[6].items.from", "type integer");
        Has("$.steps[7].if", "Not a valid expression");
        Has("$.steps[8].branches", "at most 10");
        Has("$.steps[9].seconds", "1 to");
        Has("$.steps[9].tool", "Does not apply to a delay step");
        Has("$.steps[10].id", "used twice");
        Has("$.steps[10].arguments.text", "/item and /index exist only inside a map");
        // A dry run finds the same problems; a good definition is valid; neither is saved.
        var dryRun = await ProblemAssert.IsProblem(await tenant.Client.PostAsJsonAsync("/api/workflows/validate", definition), HttpStatusCode.BadRequest);
        Assert.Equal(ProblemAssert.ErrorPaths(problem), ProblemAssert.ErrorPaths(dryRun));
        var valid = await tenant.Client.PostAsJsonAsync("/api/workflows/validate",
            new JsonObject { ["id"] = "fine", ["name"] = "fine", ["steps"] = new JsonArray(Tool("only", "notify", "hi")) });
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.True((await valid.Content.ReadFromJsonAsync<JsonObject>())!["valid"]!.GetValue<bool>());
        await ProblemAssert.IsProblem(await tenant.Client.GetAsync("/api/workflows/broken"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await tenant.Client.GetAsync("/api/workflows/fine"), HttpStatusCode.NotFound);
        Assert.Empty((await tenant.Client.GetFromJsonAsync<JsonArray>("/api/workflows"))!);

        // Malformed JSON and unknown kinds are refused with the path too.
        var kind = await ProblemAssert.IsProblem(await tenant.Client.PostAsync("/api/workflows",
            new StringContent("""{"id":"k","name":"k","steps":[{"id":"a","kind":"teleport"}]}""", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        Assert.StartsWith("$.steps[0].kind", Assert.Single(ProblemAssert.ErrorPaths(kind)));
    }

    [Fact]
    public async Task Nesting_and_size_limits_are_enforced_on_save()
    {
        await using var agent = await WorkflowAgent.StartAsync();
        await using var tenant = await CreateAsync(platform, agent);
        // Five levels of parallel branches; the limit is four.
        JsonObject step = Tool("leaf", "notify", "x");
        for (var level = 5; level >= 1; level--)
            step = new JsonObject { ["id"] = $"p{level}", ["kind"] = "parallel", ["branches"] = new JsonArray(new JsonObject { ["id"] = "b", ["steps"] = new JsonArray(step) }) };
        var deep = await ProblemAssert.IsProblem(await tenant.Client.PostAsJsonAsync("/api/workflows", Definition("deep", step)), HttpStatusCode.BadRequest);
        Assert.Contains(deep["errors"]!.AsArray(), e => e!["message"]!.GetValue<string>().Contains("nest at most 4"));

        var many = Definition("many", Enumerable.Range(0, 101).Select(i => Tool($"s{i}", "notify", "x")).ToArray());
        var tooMany = await ProblemAssert.IsProblem(await tenant.Client.PostAsJsonAsync("/api/workflows", many), HttpStatusCode.BadRequest);
        Assert.Contains(tooMany["errors"]!.AsArray(), e => e!["path"]!.GetValue<string>() == "$.steps" && e["message"]!.GetValue<string>().Contains("at most 100"));
        Assert.Empty((await tenant.Client.GetFromJsonAsync<JsonArray>("/api/workflows"))!);
    }

    [Fact]
    public async Task Versions_are_immutable_once_used_retired_workflows_start_nothing_and_bad_input_is_refused()
    {
        await using var agent = await WorkflowAgent.StartAsync();
        await using var tenant = await CreateAsync(platform, agent);
        var definition = Definition("versioned", Tool("ping", "notify", "v1 {{/input/who}}"));
        definition["inputSchema"] = new JsonObject
        {
            ["type"] = "object", ["required"] = new JsonArray("who"),
            ["properties"] = new JsonObject { ["who"] = new JsonObject { ["type"] = "string", ["maxLength"] = 5 } },
        };
        await tenant.CreateAsync(definition);
        await ProblemAssert.IsProblem(await tenant.Client.PostAsJsonAsync("/api/workflows", definition), HttpStatusCode.Conflict);

        // An unused version may still be fixed in place.
        definition["description"] = "fixed";
        var fixedVersion = await ProblemAssert.ReadObject(await tenant.Client.PutAsJsonAsync("/api/workflows/versioned/versions/1", definition));
        Assert.Equal("fixed", fixedVersion["definition"]!["description"]!.GetValue<string>());

        var bad = await ProblemAssert.IsProblem(await tenant.Client.PostAsJsonAsync("/api/workflows/versioned/runs", new { input = new { who = "much too long" } }), HttpStatusCode.BadRequest);
        Assert.Contains("$.input.who", ProblemAssert.ErrorPaths(bad));
        var missing = await ProblemAssert.IsProblem(await tenant.Client.PostAsJsonAsync("/api/workflows/versioned/runs", new { input = new { } }), HttpStatusCode.BadRequest);
        Assert.Contains("$.input", ProblemAssert.ErrorPaths(missing));
        Assert.Empty((await tenant.Client.GetFromJsonAsync<JsonObject>("/api/runs?workflowId=versioned"))!["items"]!.AsArray());

        var first = await tenant.WaitAsync(await tenant.StartAsync("versioned", new JsonObject { ["who"] = "ada" }));
        Assert.Equal(1, first["run"]!["version"]!.GetValue<int>());
        await ProblemAssert.IsProblem(await tenant.Client.PutAsJsonAsync("/api/workflows/versioned/versions/1", definition), HttpStatusCode.Conflict);

        definition["steps"]![0]!["arguments"]!["text"] = "v2 {{/input/who}}";
        var second = await ProblemAssert.ReadObject(await tenant.Client.PostAsJsonAsync("/api/workflows/versioned/versions", definition), HttpStatusCode.Created);
        Assert.Equal(2, second["version"]!.GetValue<int>());
        var latest = await tenant.WaitAsync(await tenant.StartAsync("versioned", new JsonObject { ["who"] = "bob" }));
        Assert.Equal(2, latest["run"]!["version"]!.GetValue<int>());
        var pinned = await ProblemAssert.ReadObject(await tenant.Client.PostAsJsonAsync("/api/workflows/versioned/runs", new { version = 1, input = new { who = "cy" } }), HttpStatusCode.Accepted);
        await tenant.WaitAsync(pinned["runId"]!.GetValue<string>());
        Assert.Equal(["v1 ada", "v2 bob", "v1 cy"], tenant.Backend.Requests.Select(r => JsonNode.Parse(r.Body)!["text"]!.GetValue<string>()));
        Assert.Equal(2, (await tenant.Client.GetFromJsonAsync<JsonArray>("/api/workflows/versioned/versions"))!.Count);

        var list = await tenant.Client.GetFromJsonAsync<JsonObject>("/api/runs?workflowId=versioned&state=completed&limit=2");
        Assert.Equal(2, list!["items"]!.AsArray().Count);
        Assert.NotNull(list["nextCursor"]);
        await ProblemAssert.IsProblem(await tenant.Client.GetAsync("/api/runs?state=sleeping"), HttpStatusCode.BadRequest);

        await ProblemAssert.ReadObject(await tenant.Client.PostAsync("/api/workflows/versioned/retire", null));
        await ProblemAssert.IsProblem(await tenant.Client.PostAsJsonAsync("/api/workflows/versioned/runs", new { input = new { who = "dan" } }), HttpStatusCode.Conflict);

        // Another tenant sees none of it.
        var (_, otherKey) = await platform.NewTenantAsync("owner");
        using var other = platform.Client(otherKey);
        await ProblemAssert.IsProblem(await other.GetAsync("/api/workflows/versioned"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await other.GetAsync($"/api/runs/{first["run"]!["runId"]!.GetValue<string>()}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await other.PostAsJsonAsync($"/api/runs/{first["run"]!["runId"]!.GetValue<string>()}/approvals", new { step = "ping", decision = "approve" }), HttpStatusCode.NotFound);
    }
}
