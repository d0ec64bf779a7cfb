using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bunit;
using Marketplace.Console.Pages;
using Microsoft.FluentUI.AspNetCore.Components;
using Xunit;

namespace Marketplace.Console.Tests;

public sealed class WorkflowDesignerTests
{
    sealed class Context : ConsoleTestContext
    {
        public Context(FakeApi api) : base(api) => DiagramCanvas.Measure(JSInterop);
    }

    sealed class Api
    {
        public readonly List<(string Path, string Body)> Sent = [];

        public HttpResponseMessage Answer(HttpRequestMessage request)
        {
            var body = request.Content?.ReadAsStringAsync().GetAwaiter().GetResult() ?? "";
            Sent.Add((request.Method.Method + " " + request.RequestUri!.AbsolutePath, body));
            return (request.Method.Method, request.RequestUri!.AbsolutePath) switch
            {
                ("POST", "/api/workflows/validate") when body.Contains("\"tool\":\"\"") => FakeApi.Json("""
                    {"title":"The workflow is not valid.","status":400,"detail":"2 problem(s) found.",
                     "errors":[{"path":"$.steps[1].tool","message":"The tenant has no tool ''."},{"path":"$.name","message":"Too short."}]}
                    """, HttpStatusCode.BadRequest, "application/problem+json"),
                ("POST", "/api/workflows/validate") => FakeApi.Json("""{"valid":true}"""),
                ("POST", "/api/workflows") => FakeApi.Json($$"""{"tenantId":"acme","workflowId":"my-workflow","version":1,"definition":{{body}},"createdAt":"2026-01-01T00:00:00Z"}""", HttpStatusCode.Created),
                ("POST", "/api/workflows/my-workflow/versions") => FakeApi.Json($$"""{"tenantId":"acme","workflowId":"my-workflow","version":2,"definition":{{body}},"createdAt":"2026-01-01T00:00:00Z"}""", HttpStatusCode.Created),
                ("POST", "/api/workflows/my-workflow/runs") => FakeApi.Json("""{"tenantId":"acme","runId":"run-9","workflowId":"my-workflow","version":2,"state":"pending","createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z"}""", HttpStatusCode.Accepted),
                _ => FakeApi.Json("""{"title":"Not found","status":404}""", HttpStatusCode.NotFound, "application/problem+json"),
            };
        }
    }

    static Task Click(IRenderedComponent<WorkflowDesigner> page, string text) =>
        page.InvokeAsync(() => page.FindComponents<FluentButton>().First(b => b.Instance.Title == text || b.Markup.Contains(text)).Instance.OnClick.InvokeAsync());

    static JsonNode Definition(IRenderedComponent<WorkflowDesigner> page) => JsonNode.Parse(page.Find("#workflow-json").GetAttribute("value")!)!;

    [Fact]
    public async Task Steps_added_on_the_designer_show_on_the_graph_and_in_the_json_and_json_edits_redraw_the_graph()
    {
        using var ctx = new Context(new FakeApi(new Api().Answer));
        var page = ctx.Render<WorkflowDesigner>();
        Assert.Single(page.FindAll("[data-testid=node]"));

        page.Find("#new-kind").Change("parallel");
        await Click(page, "Add step");
        // The new step is selected: its settings are on the side, and the next one goes after it.
        page.WaitForAssertion(() => Assert.Contains("parallel1", page.Find("[data-testid=step-settings]").TextContent));
        Assert.Equal(["approve", "parallel1", "delay1"], page.FindAll("[data-testid=node]").Select(n => n.GetAttribute("data-step")!.Split('/')[^1]));
        var steps = Definition(page)["steps"]!.AsArray();
        Assert.Equal("branch1", steps[1]!["branches"]![0]!["id"]!.GetValue<string>());

        page.Find("#step-id").Change("fan");
        Assert.Equal("fan", Definition(page)["steps"]![1]!["id"]!.GetValue<string>());
        Assert.NotNull(page.Find("[data-step='fan/branch1/delay1']"));

        var edited = Definition(page);
        edited["steps"]!.AsArray().Add(new JsonObject { ["id"] = "pause", ["kind"] = "delay", ["seconds"] = 3 });
        page.Find("#workflow-json").Change(edited.ToJsonString());
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-step=pause]")));

        page.Find("#workflow-json").Change("{ not json");
        Assert.Contains("Not JSON", page.Find("[data-testid=json-error]").TextContent);
        Assert.NotNull(page.Find("[data-step=pause]")); // the graph keeps the last workflow that parsed
    }

    [Fact]
    public async Task Server_validation_errors_are_shown_on_the_steps_they_concern_and_a_valid_workflow_saves_and_runs()
    {
        var api = new Api();
        using var ctx = new Context(new FakeApi(api.Answer));
        var navigation = ctx.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        var page = ctx.Render<WorkflowDesigner>();
        page.Find("#new-kind").Change("tool");
        await Click(page, "Add step");
        await Click(page, "Validate");

        page.WaitForAssertion(() => Assert.Contains("1 problem", page.Find("[data-step=tool1] [data-testid=node-errors]").TextContent));
        Assert.Contains("$.steps[1].tool: The tenant has no tool ''.", page.Find("[data-testid=step-errors]").TextContent);
        Assert.Contains("$.name: Too short.", page.Find("[data-testid=workflow-errors]").TextContent);
        Assert.Contains("The workflow is not valid.", page.Find("[role=alert]").TextContent);

        page.Find("#step-tool").Change("post-message");
        Assert.Empty(page.FindAll("[data-testid=node-errors]")); // an edit makes the server's findings stale
        await Click(page, "Validate");
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=valid]")));

        await Click(page, "Save as a new version");
        page.WaitForAssertion(() => Assert.Contains("version 1 saved", page.Find("[data-testid=saved-version]").TextContent));
        Assert.EndsWith("/workflows/my-workflow/design", navigation.Uri);
        await Click(page, "Save as a new version");
        page.WaitForAssertion(() => Assert.Contains("version 2 saved", page.Find("[data-testid=saved-version]").TextContent));
        Assert.Contains(api.Sent, s => s.Path == "POST /api/workflows/my-workflow/versions" && s.Body.Contains("post-message"));

        // The run form comes from the input schema: the required text field must be filled in.
        page.Find("[data-testid=run-form]").Submit();
        page.WaitForAssertion(() => Assert.Contains("text: required", page.Find("[data-testid=run-form]").TextContent));
        page.Find("#input-text").Change("hello");
        page.Find("[data-testid=run-form]").Submit();
        page.WaitForAssertion(() => Assert.EndsWith("/runs/run-9", navigation.Uri));
        using var start = JsonDocument.Parse(api.Sent.Single(s => s.Path == "POST /api/workflows/my-workflow/runs").Body);
        Assert.Equal("hello", start.RootElement.GetProperty("input").GetProperty("text").GetString());
        Assert.Equal(2, start.RootElement.GetProperty("version").GetInt32());
    }
}
