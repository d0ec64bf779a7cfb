using System.Net;
using System.Text.Json;
using Bunit;
using Marketplace.Console.Pages;
using Microsoft.FluentUI.AspNetCore.Components;
using Xunit;

namespace Marketplace.Console.Tests;

public sealed class PublishPageTests
{
    sealed class Context(FakeApi api) : ConsoleTestContext(api);

    const string Card = """{"name":"Echo","description":"Says it back","version":"1.0.0"}""";

    static string Listing(int version, string visibility = "public") => $$$"""
        {"agentId":"a1","publisherTenantId":"acme","visibility":"{{{visibility}}}","status":"active","version":{{{version}}},
         "createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-0{{{version}}}T00:00:00Z",
         "card":{"name":"Echo","description":"Says it back","version":"1.0.{{{version}}}"},"pricing":{"perCall":{{{version * 1000}}},"perUnit":0,"maxUnits":0}}
        """;

    static HttpResponseMessage Problem(int status, string title, string detail, string errors = "[]") =>
        FakeApi.Json($$"""{"type":"urn:marketplace:problem:x","title":"{{title}}","status":{{status}},"detail":"{{detail}}","errors":{{errors}}}""",
            (HttpStatusCode)status, "application/problem+json");

    static HttpResponseMessage Tagged(string json, string etag)
    {
        var response = FakeApi.Json(json);
        response.Headers.ETag = new System.Net.Http.Headers.EntityTagHeaderValue(etag);
        return response;
    }

    static string Body(HttpRequestMessage request) => request.Content!.ReadAsStringAsync().GetAwaiter().GetResult();

    [Fact]
    public void Validation_errors_are_shown_next_to_the_fields_their_paths_name_and_a_fixed_card_publishes()
    {
        var bodies = new List<string>();
        var api = new FakeApi(request =>
        {
            var body = Body(request);
            bodies.Add(body);
            return body.Contains("\"skills\"")
                ? FakeApi.Json(Listing(1), HttpStatusCode.Created)
                : Problem(400, "The request is not valid.", "2 problem(s) found.",
                    """[{"path":"$.card.skills","message":"Required."},{"path":"$.pricing.unit","message":"Name the unit priced per unit (e.g. tokens)."}]""");
        });
        using var ctx = new Context(api);
        var page = ctx.Render<Publish>();

        page.Find("#card-json").Change(Card);
        page.Find("form").Submit();
        page.WaitForAssertion(() => Assert.Contains("$.card.skills", page.Find("[data-testid=card-errors]").TextContent));
        Assert.Contains("Required.", page.Find("[data-testid=card-errors]").TextContent);
        Assert.Contains("$.pricing.unit", page.Find("[data-testid=pricing-errors]").TextContent);
        Assert.DoesNotContain("$.pricing", page.Find("[data-testid=card-errors]").TextContent);
        Assert.Equal("true", page.Find("#card-json").GetAttribute("aria-invalid"));
        Assert.Contains("2 problem(s) found.", page.Find("[role=alert]").TextContent);
        using (var sent = JsonDocument.Parse(bodies[0]))
        {
            Assert.Equal("Echo", sent.RootElement.GetProperty("card").GetProperty("name").GetString());
            Assert.Equal("public", sent.RootElement.GetProperty("visibility").GetString());
        }

        page.Find("#card-json").Change(Card.Replace("}", ""","skills":[]}"""));
        page.Find("form").Submit();
        page.WaitForAssertion(() => Assert.Contains("Published", page.Find("[data-testid=published]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=card-errors]"));
        Assert.Empty(page.FindAll("[data-testid=pricing-errors]"));
        Assert.Equal("agents/a1", page.Find("[data-testid=published] a").GetAttribute("href"));
    }

    [Fact]
    public void A_card_that_is_not_json_or_a_price_that_is_not_a_number_is_refused_before_anything_is_sent()
    {
        var api = new FakeApi(_ => FakeApi.Json(Listing(1), HttpStatusCode.Created));
        using var ctx = new Context(api);
        var page = ctx.Render<Publish>();

        page.Find("#card-json").Change("{\"name\": ");
        page.FindAll("fieldset.pricing input")[0].Change("ten");
        page.Find("form").Submit();

        Assert.Contains("Not valid JSON", page.Find("[data-testid=card-errors]").TextContent);
        Assert.Contains("$.pricing.perCall", page.Find("[data-testid=pricing-errors]").TextContent);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public void A_card_url_is_sent_as_such_and_the_fetched_cards_errors_are_shown_next_to_the_url()
    {
        var bodies = new List<string>();
        var api = new FakeApi(request =>
        {
            bodies.Add(Body(request));
            return Problem(400, "The request is not valid.", "The card at https://agent.example/card.json is not a valid A2A agent card.",
                """[{"path":"$.name","message":"Required."}]""");
        });
        using var ctx = new Context(api);
        var page = ctx.Render<Publish>();

        page.FindAll("input[type=radio]")[1].Change(true);
        page.Find("#card-url").Change("https://agent.example/card.json");
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains("$.name", page.Find("[data-testid=url-errors]").TextContent));
        using var sent = JsonDocument.Parse(bodies.Single());
        Assert.Equal("https://agent.example/card.json", sent.RootElement.GetProperty("cardUrl").GetString());
        Assert.False(sent.RootElement.TryGetProperty("card", out _));
    }

    [Fact]
    public async Task An_update_sends_the_listings_etag_and_a_concurrent_edit_is_shown_as_a_conflict_that_can_be_resolved()
    {
        var current = 1;
        var api = new FakeApi(request => (request.Method.Method, request.RequestUri!.AbsolutePath) switch
        {
            ("GET", "/api/agents/a1") => Tagged(Listing(current), $"\"v{current}\""),
            ("GET", "/api/agents/a1/versions") => FakeApi.Json($$"""{"agentId":"a1","versions":[{{string.Join(",", Enumerable.Range(1, current).Select(v => Listing(v)))}}]}"""),
            ("PUT", "/api/agents/a1") when request.Headers.IfMatch.ToString() == $"\"v{current}\"" => FakeApi.Json(Listing(++current)),
            ("PUT", "/api/agents/a1") => Problem(412, "Precondition failed", $"The current version is \\\"v{current}\\\"."),
            _ => Problem(404, "Not found", "none"),
        });
        using var ctx = new Context(api);
        var page = ctx.Render<Publish>(p => p.Add(x => x.AgentId, "a1"));
        page.WaitForAssertion(() => Assert.Contains("\"version\": \"1.0.1\"", page.Find("#card-json").GetAttribute("value") ?? page.Find("#card-json").TextContent));
        Assert.Contains("Edit Echo", page.Find("h1").TextContent);
        Assert.Equal("1000", page.FindAll("fieldset.pricing input")[0].GetAttribute("value"));

        // Someone else saves version 2 while this form still holds version 1's ETag.
        current = 2;
        page.Find("select#visibility").Change("private");
        page.Find("form").Submit();
        page.WaitForAssertion(() => Assert.Contains("Someone else changed this listing", page.Find("[data-testid=conflict]").TextContent));
        Assert.Contains("v2", page.Find("[data-testid=conflict]").TextContent);
        Assert.Equal("private", page.Find("select#visibility").GetAttribute("value"));

        var keep = page.FindComponents<FluentButton>().Single(b => b.Markup.Contains("Keep my edits"));
        await page.InvokeAsync(() => keep.Instance.OnClick.InvokeAsync());
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=conflict]")));
        page.Find("form").Submit();
        page.WaitForAssertion(() => Assert.Contains("listing version 3", page.Find("[data-testid=published]").TextContent));

        var puts = api.Requests.Where(r => r.Method == HttpMethod.Put).Select(r => r.Headers.IfMatch.ToString()).ToList();
        Assert.Equal(["\"v1\"", "\"v2\""], puts);
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=versions] tbody tr").Count));
        Assert.StartsWith("3", page.Find("[data-testid=versions] tbody tr").TextContent.Trim());
    }
}
