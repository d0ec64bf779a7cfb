extern alias JsonEverything;
using Marketplace.Serialization;
using System.Text.Json;
using System.Text.Json.Nodes;
using JsonEverything::Json.Schema;
using Marketplace.Http;
using Marketplace.Tests.Infrastructure;
using Marketplace.Workflows;
using Xunit;

namespace Marketplace.Tests.Unit;

/// <summary>The documented format (schema and examples) matches what the API reads, and data references and conditions behave as documented.</summary>
public sealed class WorkflowFormatTests
{
    static readonly JsonSchema Schema = JsonSchema.FromFile(Path.Combine(NodeTools.RepoRoot, "shared", "Workflows", "Schemas", "workflow.schema.json"));

    public static TheoryData<string> Examples() => new(Directory.GetFiles(Path.Combine(NodeTools.RepoRoot, "docs", "workflows"), "*.json").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_documented_example_satisfies_the_schema_and_reads_as_a_definition(string file)
    {
        var json = File.ReadAllText(Path.Combine(NodeTools.RepoRoot, "docs", "workflows", file));
        var result = Schema.Evaluate(JsonDocument.Parse(json).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, string.Join("\n", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}")));
        var definition = JsonSerializer.Deserialize<WorkflowDefinition>(json, Json.Strict)!;
        Assert.Equal(Path.GetFileNameWithoutExtension(file), definition.Id);
    }

    [Fact]
    public void The_schema_refuses_unknown_kinds_and_properties_that_do_not_apply()
    {
        foreach (var bad in new[]
        {
            """{"id":"a","name":"a","steps":[{"id":"s","kind":"teleport"}]}""",
            """{"id":"a","name":"a","steps":[{"id":"s","kind":"delay","seconds":5,"tool":"x"}]}""",
            """{"id":"a","name":"a","steps":[{"id":"end","kind":"delay","seconds":5}]}""",
            """{"id":"a","name":"a","steps":[]}""",
        })
            Assert.False(Schema.Evaluate(JsonDocument.Parse(bad).RootElement).IsValid, bad);
    }

    [Fact]
    public void Shape_problems_are_reported_together_each_at_its_path_in_the_apis_words()
    {
        const string definition = """
            {
              "id": "shapes", "name": "Shapes", "owner": "me",
              "steps": [
                { "id": "ask", "kind": "agent", "agent": "agt-1", "message": "hi", "retry": { "maxAttempts": 11 } },
                { "id": "nap", "kind": "delay", "seconds": 5, "tool": "notify" },
                { "id": "pick", "kind": "condition", "if": "[/input/n] > 1", "then": "end", "next": "nap" },
                { "id": "end", "kind": "delay", "seconds": 1 },
                { "id": "each", "kind": "map", "items": "all", "steps": [{ "id": "one", "kind": "tool", "tool": "notify", "arguments": [] }] },
                { "id": "fan", "kind": "parallel", "branches": [{ "id": "b" }] }
              ]
            }
            """;

        var errors = WorkflowShape.Validate(JsonDocument.Parse(definition).RootElement);

        Assert.Equal(
            new[]
            {
                "$.owner",
                "$.steps[0].skill",
                "$.steps[0].retry.maxAttempts",
                "$.steps[1].tool",
                "$.steps[2].next",
                "$.steps[3].id",
                "$.steps[4].items",
                "$.steps[4].steps[0].arguments",
                "$.steps[5].branches[0].steps",
            }.Order(StringComparer.Ordinal),
            errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.Equal("Not a known member.", Message("$.owner"));
        Assert.Equal("Required.", Message("$.steps[0].skill"));
        Assert.Equal("1 to 10.", Message("$.steps[0].retry.maxAttempts"));
        Assert.Equal("Does not apply to a delay step.", Message("$.steps[1].tool"));
        Assert.Equal("Does not apply to a condition step.", Message("$.steps[2].next"));
        Assert.Equal("An array, or {\"from\": pointer} to one.", Message("$.steps[4].items"));
        Assert.Equal("Expected an object, got an array.", Message("$.steps[4].steps[0].arguments"));

        string Message(string path) => Assert.Single(errors, e => e.Path == path).Message;
    }

    [Fact]
    public void References_take_values_whole_and_placeholders_as_text_and_absent_data_is_null()
    {
        var data = JsonSerializer.SerializeToElement(new { input = new { name = "ada", n = 3 }, steps = new { fetch = new { output = new { items = new[] { 1, 2 } } } } });
        var template = JsonNode.Parse("""{"who":"{{/input/name}} x{{/input/n}}","items":{"from":"/steps/fetch/output/items"},"gone":{"from":"/steps/skipped/output"},"keep":{"from":"/input/n","other":1}}""")!;
        var resolved = JsonNode.Parse(DataRefs.Resolve(JsonSerializer.SerializeToElement(template), data).GetRawText())!;
        Assert.Equal("ada x3", resolved["who"]!.GetValue<string>());
        Assert.Equal([1, 2], resolved["items"]!.AsArray().Select(i => i!.GetValue<int>()));
        Assert.Null(resolved["gone"]);
        // Only an object with "from" alone is a reference.
        Assert.Equal(1, resolved["keep"]!["other"]!.GetValue<int>());
        Assert.Equal(["/input/name", "/input/n", "/steps/fetch/output/items", "/steps/skipped/output"],
            DataRefs.Find(JsonSerializer.SerializeToElement(template), "$").Select(f => f.Pointer));
    }

    [Fact]
    public void Conditions_read_pointers_compare_lengths_of_collections_and_refuse_non_booleans()
    {
        var data = JsonSerializer.SerializeToElement(new { input = new { score = 4.5, tags = new[] { "a", "b" }, region = "eu" } });
        Assert.True(Conditions.Evaluate("[/input/score] >= 4 and [/input/region] == 'eu'", data));
        Assert.True(Conditions.Evaluate("[/input/tags] == 2", data));
        Assert.False(Conditions.Evaluate("[/input/missing] == 'x'", data));
        Assert.Throws<InvalidOperationException>(() => Conditions.Evaluate("[/input/score] + 1", data));
        Assert.Equal(["/input/score", "/input/region"], Conditions.Check("[/input/score] > 1 or [/input/region] == 'x'").Pointers);
        Assert.StartsWith("Not a valid expression", Conditions.Check("[/input/score] >").Error);
    }
}
