using System.Net;
using Bunit;
using Marketplace.Console.Pages;
using Microsoft.FluentUI.AspNetCore.Components;
using Xunit;

namespace Marketplace.Console.Tests;

public sealed class SearchPageTests
{
    const string TwoHits = """
        {"items":[
          {"agentId":"a1","name":"Text Analyst","description":"Summaries","publisherTenantId":"pub","visibility":"public","status":"active","version":2,
           "updatedAt":"2026-01-01T00:00:00Z","skills":[{"id":"s","name":"Summarize","tags":["text"]}],"score":1.5,
           "ranking":{"relevance":1,"rating":4.5,"reviewCount":2,"successRate":0.9,"usage":10,"quality":0.8,"score":1.5}},
          {"agentId":"a2","name":"Unit Converter","description":"Units","publisherTenantId":"pub","visibility":"public","status":"active","version":1,
           "updatedAt":"2026-01-01T00:00:00Z","skills":[],"score":1.0}
        ],"nextCursor":"page-2"}
        """;

    sealed class Context(FakeApi api, TimeSpan? debounce = null) : ConsoleTestContext(api, debounce);

    static string? Param(HttpRequestMessage r, string name) =>
        System.Web.HttpUtility.ParseQueryString(r.RequestUri!.Query)[name];

    [Fact]
    public void Results_show_name_publisher_rating_reviews_and_success_rate()
    {
        using var ctx = new Context(new FakeApi(_ => FakeApi.Json(TwoHits)));
        var page = ctx.Render<Search>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=result]").Count));
        var first = page.FindAll("[data-testid=result]")[0].TextContent;
        Assert.Contains("Text Analyst", first);
        Assert.Contains("pub", first);
        Assert.Contains("Rated 4.5 of 5 (2 reviews)", first);
        Assert.Contains("Success rate 90", first);
        Assert.Contains("No reviews yet", page.FindAll("[data-testid=result]")[1].TextContent);
        Assert.Equal("agents/a1", page.Find("[data-testid=result] a").GetAttribute("href"));
    }

    [Fact]
    public async Task Typing_searches_once_the_typing_pauses_with_the_last_words()
    {
        var api = new FakeApi(_ => FakeApi.Json("""{"items":[],"nextCursor":null}"""));
        // Long enough that the four keystrokes, sent back to back, always fall inside one pause on a busy machine.
        using var ctx = new Context(api, TimeSpan.FromSeconds(1));
        var page = ctx.Render<Search>();
        page.WaitForAssertion(() => Assert.Single(api.Requests));
        var q = page.FindComponents<FluentTextInput>()[0];
        var typing = new[] { "t", "te", "tex", "text" }.Select(v => page.InvokeAsync(() => q.Instance.ValueChanged.InvokeAsync(v))).ToList();
        await Task.WhenAll(typing);
        page.WaitForAssertion(() => Assert.Equal(2, api.Requests.Count), TimeSpan.FromSeconds(10));
        Assert.Equal("text", Param(api.Requests[1], "q"));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=empty]")));
    }

    [Fact]
    public async Task Skill_and_tag_filters_go_to_the_api()
    {
        var api = new FakeApi(_ => FakeApi.Json(TwoHits));
        using var ctx = new Context(api);
        var page = ctx.Render<Search>();
        var inputs = page.FindComponents<FluentTextInput>();
        await page.InvokeAsync(() => inputs[1].Instance.ValueChanged.InvokeAsync("summarize"));
        await page.InvokeAsync(() => inputs[2].Instance.ValueChanged.InvokeAsync(" nlp "));
        page.WaitForAssertion(() => Assert.Contains(api.Requests, r => Param(r, "skill") == "summarize" && Param(r, "tag") == "nlp"));
    }

    [Fact]
    public void The_next_page_asks_for_the_cursor_and_previous_goes_back()
    {
        var api = new FakeApi(_ => FakeApi.Json(TwoHits));
        using var ctx = new Context(api);
        var page = ctx.Render<Search>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=result]").Count));
        var next = Assert.Single(page.FindComponents<FluentButton>());
        page.InvokeAsync(() => next.Instance.OnClick.InvokeAsync());
        page.WaitForAssertion(() => Assert.Equal("page-2", Param(api.Requests[^1], "cursor")));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindComponents<FluentButton>().Count));
        page.InvokeAsync(() => page.FindComponents<FluentButton>()[0].Instance.OnClick.InvokeAsync());
        page.WaitForAssertion(() => Assert.Null(Param(api.Requests[^1], "cursor")));
    }

    [Fact]
    public void An_api_error_shows_the_problem_title_and_detail()
    {
        var api = new FakeApi(_ => FakeApi.Json("""{"title":"Invalid search","status":400,"detail":"limit must be from 1 to 100"}""", HttpStatusCode.BadRequest, "application/problem+json"));
        using var ctx = new Context(api);
        var page = ctx.Render<Search>();
        page.WaitForAssertion(() => Assert.Contains("Invalid search", page.Find("[role=alert]").TextContent));
        Assert.Contains("limit must be from 1 to 100", page.Find("[role=alert]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=empty]"));
    }
}
