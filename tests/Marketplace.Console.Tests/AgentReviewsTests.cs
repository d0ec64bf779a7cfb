using System.Net;
using System.Text.Json;
using Bunit;
using Marketplace.Console.Auth;
using Marketplace.Console.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FluentUI.AspNetCore.Components;
using Xunit;

namespace Marketplace.Console.Tests;

public sealed class AgentReviewsTests
{
    sealed class Context(FakeApi api) : ConsoleTestContext(api);

    static string Tenant(string id) => $$"""{"id":"{{id}}","name":"{{id}}","plan":"pro","createdAt":"2026-01-01T00:00:00Z"}""";
    static string Balance(string id) => $$"""{"tenantId":"{{id}}","balance":5000000,"spendable":5000000,"reserved":0,"overdraft":0,"grants":[]}""";

    static string Review(string tenant, int rating, string text, string extra = "") =>
        $$"""{"agentId":"a1","tenantId":"{{tenant}}","rating":{{rating}},"text":"{{text}}","version":1,"createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-02T00:00:00Z","reportCount":0{{extra}}}""";

    sealed class Api(string tenant)
    {
        public readonly List<(string Path, string Body)> Sent = [];
        public readonly List<string> Reviews = [Review("globex", 2, "Too slow", ""","reply":{"text":"Fixed in v2","at":"2026-01-03T00:00:00Z"}"""), Review("initech", 4, "Handy")];

        public HttpResponseMessage Answer(HttpRequestMessage request)
        {
            var body = request.Content?.ReadAsStringAsync().GetAwaiter().GetResult() ?? "";
            Sent.Add((request.Method.Method + " " + request.RequestUri!.AbsolutePath, body));
            return (request.Method.Method, request.RequestUri!.AbsolutePath) switch
            {
                ("GET", var p) when p == $"/api/tenants/{tenant}" => FakeApi.Json(Tenant(tenant)),
                ("GET", "/api/billing/balance") => FakeApi.Json(Balance(tenant)),
                ("GET", var p) when p == $"/api/tenants/{tenant}/keys" =>
                    FakeApi.Json($$"""[{"keyId":"k1","name":"k1","role":"owner","prefix":"mk.{{tenant}}.k1","createdAt":"2026-01-01T00:00:00Z"}]"""),
                ("GET", "/api/agents/a1/reviews") => FakeApi.Json($$"""{"agentId":"a1","count":{{Reviews.Count}},"mean":3,"score":3,"distribution":[0,1,0,1,0],"reviews":[{{string.Join(",", Reviews)}}]}"""),
                ("PUT", "/api/agents/a1/reviews/mine") when tenant == "newbie" => FakeApi.Json(
                    """{"title":"Not eligible","status":403,"detail":"Only tenants that have paid for a call to this agent may review it."}""", HttpStatusCode.Forbidden, "application/problem+json"),
                ("PUT", "/api/agents/a1/reviews/mine") => Write(body),
                ("POST", "/api/agents/a1/reviews/globex/report") => new HttpResponseMessage(HttpStatusCode.Accepted),
                ("POST", "/api/agents/a1/reviews/initech/reply") => FakeApi.Json(Review("initech", 4, "Handy", ""","reply":{"text":"Thanks!","at":"2026-01-04T00:00:00Z"}""")),
                ("GET", "/api/agents/a1/collaborators") => FakeApi.Json("""{"agentId":"a1","collaborators":[{"agentId":"a2","name":"Unit Converter","publisherTenantId":"pub","runs":3}]}"""),
                ("GET", "/api/recommendations") => FakeApi.Json("""{"skill":"keywords","items":[{"agentId":"a3","name":"Other Analyst","description":"d","publisherTenantId":"x","ranking":{"proximity":1,"yourTasks":2,"collaborationRuns":0,"rating":4.5,"reviewCount":8,"successRate":0.97,"usage":10,"quality":0.9,"score":0.93}}]}"""),
                _ => FakeApi.Json("""{"title":"Not found","status":404}""", HttpStatusCode.NotFound, "application/problem+json"),
            };
        }

        HttpResponseMessage Write(string body)
        {
            using var json = JsonDocument.Parse(body);
            var review = Review(tenant, json.RootElement.GetProperty("rating").GetInt32(), json.RootElement.GetProperty("text").GetString()!);
            Reviews.RemoveAll(r => r.Contains($"\"tenantId\":\"{tenant}\""));
            Reviews.Add(review);
            return FakeApi.Json(review);
        }
    }

    static async Task<(Context, Api)> SignedIn(string tenant)
    {
        var api = new Api(tenant);
        var ctx = new Context(new FakeApi(api.Answer));
        await ctx.Services.GetRequiredService<ConsoleSession>().SignInWithKeyAsync($"mk.{tenant}.k1.secret");
        return (ctx, api);
    }

    static Task Click(IRenderedComponent<ReviewsPanel> panel, string title) =>
        panel.InvokeAsync(() => panel.FindComponents<FluentButton>().First(b => b.Instance.Title == title || b.Markup.Contains(title)).Instance.OnClick.InvokeAsync());

    [Fact]
    public async Task A_user_writes_then_edits_a_review_reports_another_and_sees_the_publishers_reply()
    {
        var (ctx, api) = await SignedIn("initech");
        using var _ = ctx;
        var panel = ctx.Render<ReviewsPanel>(p => p.Add(x => x.AgentId, "a1").Add(x => x.PublisherTenantId, "pub"));
        panel.WaitForAssertion(() => Assert.Equal(2, panel.FindAll("[data-testid=review]").Count));
        Assert.Contains("Fixed in v2", panel.Find("[data-testid=reply]").TextContent);
        Assert.Contains("your review", panel.FindAll("[data-testid=review]")[1].TextContent);
        Assert.Contains("Edit your review", panel.Find("[data-testid=review-form]").TextContent);
        Assert.Equal("Handy", panel.Find("#review-text").GetAttribute("value") ?? panel.Find("#review-text").TextContent);

        panel.Find("#review-rating").Change("5");
        panel.Find("#review-text").Change("Handy and fast");
        panel.Find("[data-testid=review-form]").Submit();
        panel.WaitForAssertion(() => Assert.Contains("Handy and fast", panel.Markup));
        using (var sent = JsonDocument.Parse(api.Sent.Single(s => s.Path == "PUT /api/agents/a1/reviews/mine").Body))
            Assert.Equal(5, sent.RootElement.GetProperty("rating").GetInt32());

        await Click(panel, "Report the review by globex");
        panel.WaitForAssertion(() => Assert.Contains("Reported", panel.FindAll("[data-testid=review]")[0].TextContent));
        Assert.Contains(api.Sent, s => s.Path == "POST /api/agents/a1/reviews/globex/report");
        Assert.DoesNotContain(panel.FindComponents<FluentButton>(), b => b.Instance.Title == "Report the review by initech"); // not one's own
    }

    [Fact]
    public async Task A_tenant_that_may_not_review_sees_why_and_the_publisher_replies_instead_of_reviewing()
    {
        var (ctx, _) = await SignedIn("newbie");
        using (ctx)
        {
            var panel = ctx.Render<ReviewsPanel>(p => p.Add(x => x.AgentId, "a1").Add(x => x.PublisherTenantId, "pub"));
            panel.WaitForAssertion(() => Assert.Contains("Write a review", panel.Find("[data-testid=review-form]").TextContent));
            panel.Find("[data-testid=review-form]").Submit();
            panel.WaitForAssertion(() => Assert.Contains("Only tenants that have paid", panel.Find("[role=alert]").TextContent));
        }

        var (publisher, api) = await SignedIn("pub");
        using (publisher)
        {
            var panel = publisher.Render<ReviewsPanel>(p => p.Add(x => x.AgentId, "a1").Add(x => x.PublisherTenantId, "pub"));
            panel.WaitForAssertion(() => Assert.NotNull(panel.Find("#reply-initech")));
            Assert.Empty(panel.FindAll("#reply-globex")); // answered already
            Assert.Empty(panel.FindAll("[data-testid=review-form]")); // a publisher does not review its own agent
            panel.Find("#reply-initech").Change("Thanks!");
            await Click(panel, "Reply to initech");
            panel.WaitForAssertion(() => Assert.Contains(api.Sent, s => s.Path == "POST /api/agents/a1/reviews/initech/reply" && s.Body.Contains("Thanks!")));
        }
    }

    [Fact]
    public void Collaborators_and_recommendations_come_from_the_graph()
    {
        using var ctx = new Context(new FakeApi(new Api("acme").Answer));
        var panel = ctx.Render<AgentGraphPanel>(p => p.Add(x => x.AgentId, "a1").Add(x => x.Skill, "keywords").Add(x => x.SkillName, "Keyword extraction"));
        panel.WaitForAssertion(() => Assert.Contains("Unit Converter", panel.Find("[data-testid=collaborators]").TextContent));
        Assert.Contains("in 3 runs", panel.Find("[data-testid=collaborators]").TextContent);
        var recommended = panel.Find("[data-testid=recommendations]").TextContent;
        Assert.Contains("Other Analyst", recommended);
        Assert.Contains("success 97%", recommended);
        Assert.Contains("2 of your tasks", recommended);

        // On the recommended agent's own page, it is not recommended to itself.
        var own = ctx.Render<AgentGraphPanel>(p => p.Add(x => x.AgentId, "a3").Add(x => x.Skill, "keywords"));
        own.WaitForAssertion(() => Assert.NotNull(own.Find("[data-testid=recommendations-empty]")));
    }
}
