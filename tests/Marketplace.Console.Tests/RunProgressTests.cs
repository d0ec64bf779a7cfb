using Marketplace.Client.Models;
using Marketplace.Console.Workflows;
using Xunit;

namespace Marketplace.Console.Tests;

public sealed class RunProgressTests
{
    static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    static WorkflowRun Run(string state) => new("acme", "run-1", "wf", 1, state, T0, T0);

    static RunStep Step(string path, string state, int seconds = 0, bool finished = true) =>
        new(path, "agent", state, 1, T0) { FinishedAt = finished ? T0.AddSeconds(seconds) : null };

    const string Definition = """
        {"id":"wf","name":"wf","steps":[
          {"id":"each","kind":"map","items":[1,2,3],"steps":[{"id":"one","kind":"delay","seconds":1}]},
          {"id":"ok","kind":"approval"},
          {"id":"last","kind":"delay","seconds":1}]}
        """;

    [Fact]
    public void Each_node_shows_its_state_and_duration_and_a_maps_body_sums_up_its_items()
    {
        var graph = WorkflowGraph.Of(WorkflowDocument.Parse(Definition));
        var progress = new RunProgress(Run("running"), [Step("each", "completed", 4), Step("each[0]/one", "completed", 1), Step("each[1]/one", "completed", 2)]);
        progress.Apply(new RunEvent("step", null, Step("each[2]/one", "failed", 3)));
        progress.Apply(new RunEvent("step", null, Step("ok", "waiting", finished: false) with { Prompt = "Go?" }));

        var statuses = progress.Statuses(graph);
        Assert.Equal(new StepStatus("completed", 1, TimeSpan.FromSeconds(4), 1), statuses["each"]);
        Assert.Equal("failed", statuses["each/one"].State);
        Assert.Equal(3, statuses["each/one"].Runs);
        Assert.Equal("waiting", statuses["ok"].State);
        Assert.Null(statuses["ok"].Duration);
        Assert.Equal("pending", statuses["last"].State);
        Assert.Equal("Go?", Assert.Single(progress.Waiting).Prompt);

        // The same step path again is the step's newer record, not another step.
        progress.Apply(Step("ok", "completed", 9));
        progress.Apply(new RunEvent("run", Run("completed"), null));
        statuses = progress.Statuses(graph);
        Assert.Equal("completed", statuses["ok"].State);
        Assert.Empty(progress.Waiting);
        Assert.Equal("skipped", statuses["last"].State);
        Assert.Equal("each/one", RunProgress.NodePath("each[12]/one"));
    }
}
