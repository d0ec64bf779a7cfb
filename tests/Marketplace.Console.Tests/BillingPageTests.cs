using System.Net;
using Bunit;
using Marketplace.Console.Pages;
using Xunit;

namespace Marketplace.Console.Tests;

public sealed class BillingPageTests
{
    sealed class Context(FakeApi api) : ConsoleTestContext(api);

    const string Balance = """
        {"tenantId":"acme","balance":7000000,"spendable":6500000,"reserved":500000,"overdraft":0,"closedThrough":null,"grants":[
          {"id":"g1","kind":"promotional","amount":2000000,"remaining":1000000,"priority":0,"createdAt":"2026-01-01T00:00:00Z","expiresAt":"2099-02-01T00:00:00Z"},
          {"id":"g2","kind":"paid","amount":6000000,"remaining":6000000,"priority":1,"createdAt":"2026-01-01T00:00:00Z"}]}
        """;

    const string Statement = """
        {"tenantId":"acme","period":"PERIOD","closed":false,"total":3500,"lines":[
          {"kind":"task","agentId":"a1","tool":"","adjustment":false,"quantity":3,"amount":3000},
          {"kind":"tool","agentId":"","tool":"weather","adjustment":false,"quantity":1,"amount":500}]}
        """;

    static string Usage(string? agent, string? tool) => $$"""
        {"scope":"tenant","granularity":"hour","agentId":{{(agent is null ? "null" : $"\"{agent}\"")}},"tool":{{(tool is null ? "null" : $"\"{tool}\"")}},"points":[
          {"start":"2026-03-01T10:00:00Z","calls":{{(agent is null ? 4 : 3)}},"errors":1,"p50Ms":12,"p95Ms":40,"p99Ms":90,"credits":{{(agent is null ? 3500 : 3000)}}},
          {"start":"2026-03-01T11:00:00Z","calls":2,"errors":0,"p50Ms":10,"p95Ms":20,"p99Ms":30,"credits":0}]}
        """;

    static string? Param(HttpRequestMessage r, string name) => System.Web.HttpUtility.ParseQueryString(r.RequestUri!.Query)[name];

    static FakeApi Api() => new(request => (request.Method.Method, request.RequestUri!.AbsolutePath) switch
    {
        ("GET", "/api/billing/balance") => FakeApi.Json(Balance),
        ("GET", "/api/billing/ledger") => FakeApi.Json("""{"entries":[],"next":null}"""),
        ("GET", "/api/analytics/usage") => FakeApi.Json(Usage(Param(request, "agentId"), Param(request, "tool"))),
        ("GET", var p) when p.StartsWith("/api/billing/statements/", StringComparison.Ordinal) && Param(request, "format") == "csv" =>
            FakeApi.Json("kind,agentId,tool,quantity,amount\ntask,a1,,3,3000\n", mediaType: "text/csv"),
        ("GET", var p) when p.StartsWith("/api/billing/statements/", StringComparison.Ordinal) =>
            FakeApi.Json(Statement.Replace("PERIOD", p["/api/billing/statements/".Length..])),
        _ => FakeApi.Json("""{"title":"Not found","status":404}""", HttpStatusCode.NotFound, "application/problem+json"),
    });

    [Fact]
    public void Grants_show_their_expiry_and_the_reserved_credit_is_shown()
    {
        using var ctx = new Context(Api());
        var page = ctx.Render<Billing>();
        page.WaitForAssertion(() => Assert.Contains("0.5 credits", page.Find("[data-testid=reserved]").TextContent));
        var rows = page.FindAll("table[aria-label='Credit grants'] tbody tr");
        Assert.Contains("2099-02-01", rows[0].TextContent);
        Assert.Contains("never", rows[1].TextContent);
    }

    [Fact]
    public void Usage_is_charted_per_hour_with_its_numbers_and_can_be_narrowed_to_an_agent_from_the_statement()
    {
        var api = Api();
        using var ctx = new Context(api);
        var page = ctx.Render<Billing>();
        page.WaitForAssertion(() => Assert.Contains("Calls 6", page.Find("[data-testid=usage-totals]").TextContent));
        var table = page.Find("[data-testid=usage-calls-table]");
        Assert.Contains("01 10:00", table.TextContent);
        Assert.Equal(["Calls", "Errors"], table.QuerySelectorAll("thead th").Skip(1).Select(th => th.TextContent));
        Assert.Contains("0.0035 credits", page.Find("[data-testid=usage-totals]").TextContent);

        page.WaitForAssertion(() => Assert.Contains(page.FindAll("#usage-scope option"), o => o.GetAttribute("value") == "agent:a1"));
        Assert.Contains(page.FindAll("#usage-scope option"), o => o.GetAttribute("value") == "tool:weather");
        page.Find("#usage-scope").Change("agent:a1");
        page.WaitForAssertion(() => Assert.Contains("Calls 5", page.Find("[data-testid=usage-totals]").TextContent));
        Assert.Equal("a1", Param(api.Requests.Last(r => r.RequestUri!.AbsolutePath == "/api/analytics/usage"), "agentId"));

        page.Find("#usage-granularity").Change("day");
        page.WaitForAssertion(() => Assert.Equal("day", Param(api.Requests.Last(r => r.RequestUri!.AbsolutePath == "/api/analytics/usage"), "granularity")));
    }

    [Fact]
    public void A_statement_shows_its_lines_spend_by_agent_and_tool_and_offers_its_csv()
    {
        var api = Api();
        using var ctx = new Context(api);
        var page = ctx.Render<Billing>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=statement-lines] tbody tr").Count));
        Assert.Contains("0.0035 credits", page.Find("[data-testid=statement-total]").TextContent);
        var spend = page.Find("[data-testid=statement-spend-table]").TextContent;
        Assert.Contains("a1", spend);
        Assert.Contains("weather", spend);

        var link = page.Find("[data-testid=statement-csv]");
        var month = DateTime.UtcNow.ToString("yyyy-MM");
        Assert.Equal($"statement-{month}.csv", link.GetAttribute("download"));
        Assert.StartsWith("data:text/csv;charset=utf-8,", link.GetAttribute("href"));
        Assert.Contains(Uri.EscapeDataString("task,a1,,3,3000"), link.GetAttribute("href"));

        var previous = DateTime.UtcNow.AddMonths(-1).ToString("yyyy-MM");
        page.Find("#statement-period").Change(previous);
        page.WaitForAssertion(() => Assert.Equal($"statement-{previous}.csv", page.Find("[data-testid=statement-csv]").GetAttribute("download")));
    }

    [Fact]
    public void A_refused_statement_shows_the_problem_and_the_rest_of_the_page_still_works()
    {
        var inner = Api();
        var api = new FakeApi(request => request.RequestUri!.AbsolutePath.StartsWith("/api/billing/statements/", StringComparison.Ordinal)
            ? FakeApi.Json("""{"title":"The request is not valid.","status":400,"detail":"period must be yyyy-MM"}""", HttpStatusCode.BadRequest, "application/problem+json")
            : inner.Answer(request));
        using var ctx = new Context(api);
        var page = ctx.Render<Billing>();
        page.WaitForAssertion(() => Assert.Contains("period must be yyyy-MM", page.Find("section[aria-labelledby=statement-title] [role=alert]").TextContent));
        page.WaitForAssertion(() => Assert.Contains("Calls 6", page.Find("[data-testid=usage-totals]").TextContent));
    }
}
