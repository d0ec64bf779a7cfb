using System.Net;
using System.Text.Json;
using Bunit;
using Marketplace.Console.Pages;
using Microsoft.FluentUI.AspNetCore.Components;
using Xunit;

namespace Marketplace.Console.Tests;

public sealed class ToolsPageTests
{
    sealed class Context(FakeApi api) : ConsoleTestContext(api);

    const string ToolJson = """
        {"tenantId":"acme","name":"NAME","description":"Forecast for a city","inputSchema":{"type":"object","properties":{"city":{"type":"string"}}},
         "createdAt":"2026-01-01T00:00:00Z","definitionHash":"HASH","approvedHash":APPROVED,
         "http":{"method":"GET","urlTemplate":"https://api.example/forecast?city={city}"}EXTRA}
        """;

    static string Tool(string name, string hash, string? approved, string extra = "") =>
        ToolJson.Replace("NAME", name).Replace("HASH", hash).Replace("APPROVED", approved is null ? "null" : $"\"{approved}\"").Replace("EXTRA", extra);

    sealed class Hub
    {
        public readonly List<string> Tools = [Tool("weather", "h2", "h1"), Tool("stocks", "s1", "s1", ""","grant":{"roles":["owner"]},"rateLimit":{"perMinute":60,"burst":6}""")];
        public readonly List<(string Path, string Body)> Sent = [];

        public HttpResponseMessage Answer(HttpRequestMessage request)
        {
            var body = request.Content?.ReadAsStringAsync().GetAwaiter().GetResult() ?? "";
            Sent.Add((request.Method.Method + " " + request.RequestUri!.AbsolutePath, body));
            return (request.Method.Method, request.RequestUri!.AbsolutePath) switch
            {
                ("GET", "/api/tools") => FakeApi.Json("[" + string.Join(",", Tools) + "]"),
                ("POST", "/api/tools/weather/approve") => Approve(),
                ("GET", "/api/tools/weather/definitions") => FakeApi.Json("""
                    {"name":"weather","definitionHash":"h2","approvedHash":"h1",
                     "current":{"description":"Forecast for a city","inputSchema":{"type":"object","properties":{"city":{"type":"string"}}}},
                     "approved":{"description":"Forecast","inputSchema":{"type":"object","properties":{"city":{"type":"string"}}}}}
                    """),
                ("PUT", "/api/tools/weather/access") => FakeApi.Json(Tool("weather", "h2", "h2", ""","grant":{"roles":["developer"]},"rateLimit":{"perMinute":30,"burst":3}""")),
                ("POST", "/api/tools") when body.Contains("\"bad name\"") => FakeApi.Json(
                    """{"title":"The request is not valid.","status":400,"detail":"1 problem(s) found.","errors":[{"path":"$.name","message":"Letters, digits, '.', '_' and '-' only."}]}""",
                    HttpStatusCode.BadRequest, "application/problem+json"),
                ("POST", "/api/tools") => Register(),
                ("GET", "/api/tools/stocks/metrics") => FakeApi.Json("""{"tool":"stocks","calls":40,"errors":2,"p50Ms":12.5,"p95Ms":80,"p99Ms":150,"since":"2026-01-01T00:00:00Z"}"""),
                ("GET", "/api/mcp-servers") => FakeApi.Json("""[{"tenantId":"acme","prefix":"gh","url":"https://mcp.example/mcp","headers":[],"createdAt":"2026-01-01T00:00:00Z"}]"""),
                ("POST", "/api/mcp-servers/gh/sync") => FakeApi.Json("""{"prefix":"gh","added":["gh.search"],"changed":["gh.issues"],"removed":[],"unchanged":3,"syncedAt":"2026-01-02T10:00:00Z"}"""),
                _ => FakeApi.Json("""{"title":"Not found","status":404}""", HttpStatusCode.NotFound, "application/problem+json"),
            };
        }

        HttpResponseMessage Approve()
        {
            Tools[0] = Tool("weather", "h2", "h2");
            return FakeApi.Json(Tools[0]);
        }

        HttpResponseMessage Register()
        {
            Tools.Add(Tool("news", "n1", null));
            return FakeApi.Json(Tools[^1], HttpStatusCode.Created);
        }
    }

    static Task Click(IRenderedComponent<Tools> page, string title) =>
        page.InvokeAsync(() => page.FindComponents<FluentButton>().Single(b => b.Instance.Title == title || b.Markup.Contains(title)).Instance.OnClick.InvokeAsync());

    [Fact]
    public async Task A_blocked_tool_shows_its_definition_and_hashes_and_approval_pins_the_hash_reviewed()
    {
        var hub = new Hub();
        using var ctx = new Context(new FakeApi(hub.Answer));
        var page = ctx.Render<Tools>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=tool-row]").Count));
        Assert.Contains("blocked", page.FindAll("[data-testid=tool-row]")[0].TextContent);
        Assert.Contains("role owner; 60/min", page.FindAll("[data-testid=tool-row]")[1].TextContent);

        await Click(page, "Review weather");
        var review = page.Find("[data-testid=tool-review]").TextContent;
        Assert.Contains("h1", review);
        Assert.Contains("h2", review);
        Assert.Contains("\"city\"", review);
        // The approved definition beside the current one, as a line diff: only the description changed.
        page.WaitForAssertion(() => Assert.Contains("Forecast for a city", page.Find("[data-testid=definition-diff] .diff-added").TextContent));
        Assert.Contains("\"Forecast\"", page.Find("[data-testid=definition-diff] .diff-removed").TextContent);
        Assert.Single(page.FindAll("[data-testid=definition-diff] .diff-added"));

        await Click(page, "Approve this definition");
        page.WaitForAssertion(() => Assert.Contains("approved", page.FindAll("[data-testid=tool-row]")[0].TextContent));
        var approval = hub.Sent.Single(s => s.Path == "POST /api/tools/weather/approve");
        Assert.Equal("h2", JsonDocument.Parse(approval.Body).RootElement.GetProperty("definitionHash").GetString());
    }

    [Fact]
    public async Task Access_sends_the_ticked_roles_and_the_rate_limit()
    {
        var hub = new Hub();
        using var ctx = new Context(new FakeApi(hub.Answer));
        var page = ctx.Render<Tools>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=tool-row]").Count));
        await Click(page, "Access of weather");
        page.FindAll("[data-testid=tool-access] input[type=checkbox]")[1].Change(true);
        page.Find("#access-per-minute").Change("30");
        page.Find("#access-burst").Change("3");
        page.Find("[data-testid=tool-access] form").Submit();
        page.WaitForAssertion(() => Assert.Contains(hub.Sent, s => s.Path == "PUT /api/tools/weather/access"));
        using var body = JsonDocument.Parse(hub.Sent.Single(s => s.Path == "PUT /api/tools/weather/access").Body);
        Assert.Equal(["developer"], body.RootElement.GetProperty("grant").GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(30, body.RootElement.GetProperty("rateLimit").GetProperty("perMinute").GetInt32());
        Assert.Equal(3, body.RootElement.GetProperty("rateLimit").GetProperty("burst").GetInt32());
    }

    [Fact]
    public void Registering_an_http_tool_sends_its_spec_and_a_refused_name_is_shown_with_its_path()
    {
        var hub = new Hub();
        using var ctx = new Context(new FakeApi(hub.Answer));
        var page = ctx.Render<Tools>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=tool-row]").Count));

        page.Find("#tool-name").Change("bad name");
        page.Find("#tool-url").Change("https://api.example/news?q={q}");
        page.Find("section[aria-labelledby=register-title] form").Submit();
        page.WaitForAssertion(() => Assert.Contains("$.name", page.Find("[data-testid=tool-errors]").TextContent));

        page.Find("#tool-name").Change("news");
        page.Find("section[aria-labelledby=register-title] form").Submit();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=tool-row]").Count));
        Assert.Contains("pending", page.FindAll("[data-testid=tool-row]")[2].TextContent);
        using var sent = JsonDocument.Parse(hub.Sent.Last(s => s.Path == "POST /api/tools").Body);
        Assert.Equal("https://api.example/news?q={q}", sent.RootElement.GetProperty("http").GetProperty("urlTemplate").GetString());
        Assert.Equal("GET", sent.RootElement.GetProperty("http").GetProperty("method").GetString());
        Assert.False(sent.RootElement.TryGetProperty("skill", out _));
    }

    [Fact]
    public async Task Metrics_show_calls_errors_and_percentiles_and_a_sync_names_the_tools_now_blocked()
    {
        var hub = new Hub();
        using var ctx = new Context(new FakeApi(hub.Answer));
        var page = ctx.Render<Tools>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=tool-row]").Count));
        await Click(page, "Metrics of stocks");
        page.WaitForAssertion(() => Assert.Contains("Calls 40", page.Find("[data-testid=metrics-totals]").TextContent));
        Assert.Contains("Errors 2", page.Find("[data-testid=metrics-totals]").TextContent);
        var latency = page.Find("[data-testid=tool-latency-table]").TextContent;
        Assert.Contains("p95", latency);
        Assert.Contains("150", latency);

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=server-row]")));
        await Click(page, "Sync gh");
        page.WaitForAssertion(() => Assert.Contains("1 added, 1 changed", page.Find("[data-testid=sync-result]").TextContent));
        Assert.Contains("blocked until their new definitions are approved: gh.issues", page.Find("[data-testid=sync-result]").TextContent);
    }
}
