using System.Text.Json.Nodes;
using Marketplace.Console.Workflows;
using Xunit;

namespace Marketplace.Console.Tests;

public sealed class WorkflowModelTests
{
    // Every step kind, nested flows of each sort, failure handling and a compensation: what the designer must keep.
    const string EveryKind = """
        {"id":"every-kind","name":"Every kind","description":"d","inputSchema":{"type":"object","properties":{"items":{"type":"array"}}},
         "output":{"all":{"from":"/steps/fan/output"}},
         "steps":[
          {"id":"ask","kind":"agent","agent":"agt-1","skill":"summarize","message":{"text":"{{/input/text}}"},"retry":{"maxAttempts":3,"delaySeconds":2},"timeoutSeconds":30,
           "compensate":[{"id":"undo","kind":"tool","tool":"refund","arguments":{"id":{"from":"/steps/ask/output/taskId"}}}]},
          {"id":"check","kind":"condition","if":"[/steps/ask/output/state] == 'completed'","then":"fan","else":"end"},
          {"id":"post","kind":"tool","tool":"post-message","arguments":{"text":"x"},"onFailure":"continue","next":"fan"},
          {"id":"fan","kind":"parallel","branches":[
            {"id":"left","steps":[{"id":"wait","kind":"delay","seconds":2}]},
            {"id":"right","steps":[{"id":"each","kind":"map","items":{"from":"/input/items"},"maxConcurrency":2,"steps":[{"id":"one","kind":"agent","agent":"agt-2","skill":"s","message":"{{/item}}"}]}]}]},
          {"id":"signoff","kind":"approval","prompt":"Ok?","approvers":{"roles":["owner","developer"],"principals":["key-1"]},"timeoutSeconds":600}
         ]}
        """;

    static JsonNode Json(string text) => JsonNode.Parse(text)!;

    [Fact]
    public void Every_step_kind_comes_back_from_the_model_as_it_was_written()
    {
        var document = WorkflowDocument.Parse(EveryKind);
        Assert.True(JsonNode.DeepEquals(Json(EveryKind), document.ToJson()), document.ToJsonString());
        Assert.Equal(WorkflowEditor.Kinds.Order(), WorkflowEditor.All(document).Select(s => s.Step.Kind).Distinct().Order());
        // And again through the graph: the designer redraws from the model it edits, and writes that model out.
        var graph = WorkflowGraph.Of(document);
        Assert.True(JsonNode.DeepEquals(Json(EveryKind), WorkflowDocument.Parse(document.ToJsonString()).ToJson()));
        Assert.Equal(9, graph.Nodes.Count);
    }

    [Theory]
    [InlineData("order-saga.json")]
    [InlineData("research-report.json")]
    [InlineData("translate-batch.json")]
    public void The_documented_examples_round_trip(string file)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "workflows", file));
        Assert.True(JsonNode.DeepEquals(Json(text), WorkflowDocument.Parse(text).ToJson()));
    }

    [Fact]
    public void The_graph_names_each_step_by_its_json_path_and_run_path_and_draws_the_jumps()
    {
        var graph = WorkflowGraph.Of(WorkflowDocument.Parse(EveryKind));
        Assert.Equal("$.steps[3].branches[1].steps[0].steps[0]", graph.Node("fan/right/each/one")!.JsonPath);
        Assert.Equal("$.steps[0].compensate[0]", graph.Node("ask~compensate/undo")!.JsonPath);
        string Edge(string from, EdgeKind kind) => graph.Edges.Single(e => e.From.RunPath == from && e.Kind == kind).To.RunPath;
        Assert.Equal("check", Edge("ask", EdgeKind.Sequence));
        Assert.Equal("fan", Edge("check", EdgeKind.Then));
        Assert.DoesNotContain(graph.Edges, e => e.From.RunPath == "check" && e.Kind == EdgeKind.Else); // else: end
        Assert.Equal("fan", Edge("post", EdgeKind.Jump));
        Assert.Equal(["fan/left/wait", "fan/right/each"], graph.Edges.Where(e => e.From.RunPath == "fan" && e.Kind == EdgeKind.Nested).Select(e => e.To.RunPath));
        Assert.Equal("signoff", Edge("fan", EdgeKind.Sequence));
        // Nested steps are drawn indented under their container, one row each, so nodes never overlap.
        Assert.Equal(graph.Nodes.Count, graph.Nodes.Select(n => n.Y).Distinct().Count());
        Assert.True(graph.Node("fan/right/each/one")!.X > graph.Node("fan/right/each")!.X);
    }

    [Fact]
    public void Steps_of_every_kind_are_added_with_the_settings_they_need_and_unique_ids()
    {
        var document = WorkflowDocument.New();
        foreach (var kind in WorkflowEditor.Kinds) WorkflowEditor.Add(document, kind, document.Steps);
        var ids = WorkflowEditor.All(document).Select(s => s.Step.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var json = document.ToJson();
        var steps = json["steps"]!.AsArray();
        Assert.Equal(["approval", .. WorkflowEditor.Kinds], steps.Select(s => s!["kind"]!.GetValue<string>()));
        Assert.Equal("{{/input/text}}", steps[1]!["message"]!.GetValue<string>());
        Assert.Equal("delay", steps[3]!["branches"]![0]!["steps"]![0]!["kind"]!.GetValue<string>());
        Assert.Equal("/input/items", steps[4]!["items"]!["from"]!.GetValue<string>());
        Assert.Equal(5, steps[7]!["seconds"]!.GetValue<int>());
        Assert.True(JsonNode.DeepEquals(json, WorkflowDocument.Parse(document.ToJsonString()).ToJson()));
    }

    [Fact]
    public void Connecting_sets_next_or_the_conditions_branches_and_refuses_backward_or_cross_flow_jumps()
    {
        var document = WorkflowDocument.Parse(EveryKind);
        var step = (string id) => WorkflowEditor.All(document).Single(s => s.Step.Id == id).Step;
        Assert.Null(WorkflowEditor.Connect(document, step("ask"), step("signoff")));
        Assert.Equal("signoff", step("ask").Next);
        Assert.Null(WorkflowEditor.Connect(document, step("check"), step("post")));
        Assert.Equal("post", step("check").Text("else")); // then was taken
        Assert.Contains("forward", WorkflowEditor.Connect(document, step("signoff"), step("ask")));
        Assert.Contains("same flow", WorkflowEditor.Connect(document, step("ask"), step("wait")));
    }

    [Fact]
    public void Removing_and_renaming_a_step_carry_the_jumps_to_it()
    {
        var document = WorkflowDocument.Parse(EveryKind);
        var step = (string id) => WorkflowEditor.All(document).Single(s => s.Step.Id == id).Step;
        WorkflowEditor.Rename(document, step("fan"), "fanout");
        Assert.Equal("fanout", step("check").Text("then"));
        Assert.Equal("fanout", step("post").Next);
        WorkflowEditor.Remove(document, step("fanout"));
        Assert.Null(step("check").Text("then"));
        Assert.Null(step("post").Next);
        Assert.DoesNotContain(WorkflowEditor.All(document), s => s.Step.Id is "wait" or "each" or "one");
    }

    [Fact]
    public void A_validation_error_is_placed_on_the_deepest_step_its_path_names()
    {
        var graph = WorkflowGraph.Of(WorkflowDocument.Parse(EveryKind));
        Assert.Equal("fan/right/each/one", WorkflowEditor.NodeOf(graph, "$.steps[3].branches[1].steps[0].steps[0].skill")!.RunPath);
        Assert.Equal("fan", WorkflowEditor.NodeOf(graph, "$.steps[3].branches[1].id")!.RunPath);
        Assert.Equal("ask", WorkflowEditor.NodeOf(graph, "$.steps[0]")!.RunPath);
        Assert.Null(WorkflowEditor.NodeOf(graph, "$.steps[40].id"));
        Assert.Null(WorkflowEditor.NodeOf(graph, "$.inputSchema"));
    }

    [Theory]
    [InlineData("not json", "Not JSON")]
    [InlineData("[]", "JSON object")]
    [InlineData("""{"id":"x","steps":{}}""", "$.steps must be an array")]
    [InlineData("""{"id":"x","steps":[{"id":"p","kind":"parallel","branches":[{"id":"b","steps":[1]}]}]}""", "$.steps[0].branches[0].steps[0] must be an object")]
    public void A_text_that_is_not_a_workflow_is_refused_with_where(string text, string why) =>
        Assert.Contains(why, Assert.Throws<WorkflowFormatException>(() => WorkflowDocument.Parse(text)).Message);

    [Fact]
    public void The_run_form_follows_the_input_schema_and_names_the_fields_it_cannot_use()
    {
        var form = new RunInputForm(Json("""
            {"type":"object","required":["text","count"],"properties":{"text":{"type":"string"},"count":{"type":"integer"},"ratio":{"type":"number"},
             "loud":{"type":"boolean"},"items":{"type":"array"}}}
            """).AsObject());
        Assert.Equal(["string", "integer", "number", "boolean", "json"], form.Fields.Select(f => f.Type));
        form.Fields[1].Value = "many";
        form.Fields[4].Value = "[1,";
        var (input, problems) = form.Build();
        Assert.Null(input);
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("text: required"));
        Assert.Contains(problems, p => p.StartsWith("count: not a whole number"));
        Assert.Contains(problems, p => p.StartsWith("items: not JSON"));

        form.Fields[0].Value = "hello";
        form.Fields[1].Value = "3";
        form.Fields[2].Value = "0.5";
        form.Fields[3].Value = "true";
        form.Fields[4].Value = "[1,2]";
        (input, problems) = form.Build();
        Assert.Empty(problems);
        Assert.True(JsonNode.DeepEquals(Json("""{"text":"hello","count":3,"ratio":0.5,"loud":true,"items":[1,2]}"""), input));
        Assert.Equal("", Assert.Single(new RunInputForm(null).Fields).Name);
    }
}
