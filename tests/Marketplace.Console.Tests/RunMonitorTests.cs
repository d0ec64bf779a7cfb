using System.Net;
using System.Text;
using System.Text.Json;
using Bunit;
using Marketplace.Console.Pages;
using Microsoft.FluentUI.AspNetCore.Components;
using Xunit;

namespace Marketplace.Console.Tests;

public sealed class RunMonitorTests
{
    sealed class Context : ConsoleTestContext
    {
        public Context(FakeApi api) : base(api) => DiagramCanvas.Measure(JSInterop);
    }

    const string Definition = """
        {"id":"wf","name":"Flow","steps":[{"id":"ask","kind":"agent","agent":"agt-1","skill":"s","message":"hi"},{"id":"ok","kind":"approval","prompt":"Ship it?"},{"id":"last","kind":"delay","seconds":1}]}
        """;

    static string Run(string state, string extra = "") =>
        $$"""{"tenantId":"acme","runId":"run-1","workflowId":"wf","version":1,"state":"{{state}}","createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:05Z"{{extra}}}""";

    const string Ask = """{"stepPath":"ask","kind":"agent","state":"completed","attempt":1,"startedAt":"2026-01-01T00:00:00Z","finishedAt":"2026-01-01T00:00:02Z","taskId":"t-1","output":{"text":"hello there"}}""";
    const string Waiting = """{"stepPath":"ok","kind":"approval","state":"waiting","attempt":1,"startedAt":"2026-01-01T00:00:02Z","prompt":"Ship it?"}""";

    sealed class Api
    {
        public readonly List<(string Path, string Body)> Sent = [];
        readonly string run, first, events;
        // What the events told is what a later read of the run shows too.
        string seen;

        public Api(string run, string first, string events)
        {
            (this.run, this.first, this.events) = (run, first, events);
            seen = first;
        }

        public HttpResponseMessage Answer(HttpRequestMessage request)
        {
            var body = request.Content?.ReadAsStringAsync().GetAwaiter().GetResult() ?? "";
            Sent.Add((request.Method.Method + " " + request.RequestUri!.AbsolutePath, body));
            return (request.Method.Method, request.RequestUri!.AbsolutePath) switch
            {
                ("GET", "/api/runs/run-1") => FakeApi.Json($$"""{"run":{{run}},"steps":[{{seen}}]}"""),
                ("GET", "/api/workflows/wf/versions") => FakeApi.Json($$"""[{"tenantId":"acme","workflowId":"wf","version":1,"definition":{{Definition}},"createdAt":"2026-01-01T00:00:00Z"}]"""),
                ("GET", "/api/runs/run-1/events") => Events(),
                ("POST", "/api/runs/run-1/approvals") => FakeApi.Json(Waiting.Replace("\"waiting\"", "\"completed\"").Replace("\"prompt\"", "\"finishedAt\":\"2026-01-01T00:00:09Z\",\"prompt\"")),
                _ => FakeApi.Json("""{"title":"Not found","status":404}""", HttpStatusCode.NotFound, "application/problem+json"),
            };
        }

        HttpResponseMessage Events()
        {
            seen = first + "," + Waiting;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(events, Encoding.UTF8, "text/event-stream") };
        }
    }

    [Fact]
    public async Task A_live_run_shows_each_steps_state_on_the_graph_its_output_on_click_and_an_approval_to_decide()
    {
        // The event stream carries the approval step as it starts waiting; the run view before it knew only the first step.
        var api = new Api(Run("running"), Ask, $"event: step\ndata: {Waiting}\n\n");
        using var ctx = new Context(new FakeApi(api.Answer));
        var page = ctx.Render<RunMonitor>(p => p.Add(x => x.RunId, "run-1"));

        page.WaitForAssertion(() => Assert.Contains("waiting", page.Find("[data-step=ok] [data-testid=node-state]").TextContent));
        Assert.Contains("completed · 2.0 s", page.Find("[data-step=ask] [data-testid=node-state]").TextContent);
        Assert.Contains("pending", page.Find("[data-step=last] [data-testid=node-state]").TextContent);
        Assert.Contains("Ship it?", page.Find("[data-testid=approval]").TextContent);

        page.Find("[data-testid=run-step] button").Click();
        Assert.Contains("hello there", page.Find("[data-testid=step-output]").TextContent);
        Assert.Contains("t-1", page.Find("[data-testid=step-detail]").TextContent);

        page.Find("[data-testid=approval] input").Change("looks good");
        await page.InvokeAsync(() => page.FindComponents<FluentButton>().First(b => b.Markup.Contains("Approve")).Instance.OnClick.InvokeAsync());
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=approval]")));
        using var decision = JsonDocument.Parse(api.Sent.Single(s => s.Path == "POST /api/runs/run-1/approvals").Body);
        Assert.Equal("ok", decision.RootElement.GetProperty("step").GetString());
        Assert.Equal("approve", decision.RootElement.GetProperty("decision").GetString());
        Assert.Equal("looks good", decision.RootElement.GetProperty("comment").GetString());
    }

    [Fact]
    public void A_failed_run_says_why_and_which_step_failed()
    {
        var failed = Ask.Replace("\"completed\"", "\"failed\"").Replace("\"output\":{\"text\":\"hello there\"}", "\"error\":\"The agent answered 503.\"");
        var api = new Api(Run("failed", ",\"error\":\"Step ask failed.\",\"finishedAt\":\"2026-01-01T00:00:05Z\""), failed, "");
        using var ctx = new Context(new FakeApi(api.Answer));
        var page = ctx.Render<RunMonitor>(p => p.Add(x => x.RunId, "run-1"));

        page.WaitForAssertion(() => Assert.Contains("Step ask failed.", page.Find("[data-testid=run-error]").TextContent));
        Assert.Contains("The agent answered 503.", page.Find("[data-testid=run-error]").TextContent);
        Assert.Contains("failed", page.Find("[data-step=ask] [data-testid=node-state]").TextContent);
        Assert.Contains("skipped", page.Find("[data-step=last] [data-testid=node-state]").TextContent);
        Assert.DoesNotContain(api.Sent, s => s.Path.EndsWith("/events")); // a finished run is not watched
    }
}
