using System.Net;
using System.Text.Json;
using Bunit;
using Marketplace.Console.Auth;
using Marketplace.Console.Pages;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Marketplace.Console.Tests;

public sealed class AdminPageTests
{
    sealed class Context(FakeApi api) : ConsoleTestContext(api);

    const string Events = """
        [{"id":"e2","topic":"agent-events","type":"agent.published","source":"/agents","subject":"a1","time":"2026-01-02T00:00:00Z","tenantId":"acme","data":{}},
         {"id":"e1","topic":"system-notifications","type":"tenant.created","source":"/tenants","subject":"acme","time":"2026-01-01T00:00:00Z","tenantId":"acme","data":{}}]
        """;

    static string? Param(HttpRequestMessage r, string name) => System.Web.HttpUtility.ParseQueryString(r.RequestUri!.Query)[name];

    sealed class Platform
    {
        public readonly List<(string Path, string Body)> Sent = [];

        public HttpResponseMessage Answer(HttpRequestMessage request)
        {
            var body = request.Content?.ReadAsStringAsync().GetAwaiter().GetResult() ?? "";
            Sent.Add((request.Method.Method + " " + request.RequestUri!.AbsolutePath, body));
            return (request.Method.Method, request.RequestUri!.AbsolutePath) switch
            {
                ("GET", "/api/agents") => FakeApi.Json("""{"items":[],"nextCursor":null}"""),
                ("GET", "/api/admin/events") => FakeApi.Json(Param(request, "topic") is { } topic
                    ? JsonSerializer.Serialize(JsonDocument.Parse(Events).RootElement.EnumerateArray().Where(e => e.GetProperty("topic").GetString() == topic))
                    : Events),
                ("POST", "/api/tenants") when body.Contains("\"gold\"") => FakeApi.Json(
                    """{"title":"The request is not valid.","status":400,"detail":"1 problem(s) found.","errors":[{"path":"$.plan","message":"Unknown plan 'gold'. Plans: free, pro."}]}""",
                    HttpStatusCode.BadRequest, "application/problem+json"),
                ("POST", "/api/tenants") => FakeApi.Json("""{"id":"globex","name":"Globex","plan":"pro","createdAt":"2026-01-01T00:00:00Z"}""", HttpStatusCode.Created),
                ("GET", "/api/tenants/globex") => FakeApi.Json("""{"id":"globex","name":"Globex","plan":"pro","createdAt":"2026-01-01T00:00:00Z"}"""),
                ("POST", "/api/admin/tenants/globex/credits") => FakeApi.Json("""{"tenantId":"globex","balance":2500000,"spendable":2500000,"reserved":0,"overdraft":0,"grants":[{"id":"g","kind":"promotional","amount":2500000,"remaining":2500000,"priority":100,"createdAt":"2026-01-01T00:00:00Z"}]}"""),
                ("POST", "/api/admin/agents/a1/reviews/acme/hide") => FakeApi.Json("""{"agentId":"a1","tenantId":"acme","rating":1,"text":"spam spam","version":1,"createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z","reportCount":3,"hidden":true}"""),
                _ => FakeApi.Json("""{"title":"Not found","status":404,"detail":"No such thing."}""", HttpStatusCode.NotFound, "application/problem+json"),
            };
        }
    }

    static async Task<(Context Ctx, Platform Api)> AdminAsync()
    {
        var platform = new Platform();
        var ctx = new Context(new FakeApi(platform.Answer));
        await ctx.Services.GetRequiredService<ConsoleSession>().SignInWithKeyAsync("platform-admin-key");
        return (ctx, platform);
    }

    [Fact]
    public async Task A_tenant_is_created_on_a_plan_the_platform_offers_then_granted_credit_that_expires()
    {
        var (ctx, platform) = await AdminAsync();
        using var _ = ctx;
        var page = ctx.Render<Admin>();
        page.Find("#tenant-name").Change("Globex");
        page.Find("#tenant-plan").Change("gold");
        page.Find("section[aria-labelledby=tenants-title] form").Submit();
        page.WaitForAssertion(() => Assert.Contains("Plans: free, pro", page.Find("[data-testid=tenant-errors]").TextContent));
        Assert.Contains("$.plan", page.Find("[data-testid=tenant-errors]").TextContent);

        page.Find("#tenant-plan").Change("pro");
        page.Find("section[aria-labelledby=tenants-title] form").Submit();
        page.WaitForAssertion(() => Assert.Contains("Globex", page.Find("[data-testid=tenant]").TextContent));

        page.Find("#grant-amount").Change("2.5");
        page.Find("#grant-kind").Change("promotional");
        page.Find("#grant-expires").Change("2099-01-31");
        page.Find("[data-testid=tenant] form").Submit();
        page.WaitForAssertion(() => Assert.Contains("2.5 credits", page.Find("[data-testid=granted]").TextContent));
        using var grant = JsonDocument.Parse(platform.Sent.Single(s => s.Path == "POST /api/admin/tenants/globex/credits").Body);
        Assert.Equal(2_500_000, grant.RootElement.GetProperty("amount").GetInt64());
        Assert.Equal("promotional", grant.RootElement.GetProperty("kind").GetString());
        Assert.StartsWith("2099-01-31", grant.RootElement.GetProperty("expiresAt").GetString());
    }

    [Fact]
    public async Task Integration_events_list_newest_first_by_topic_and_a_reported_review_can_be_hidden()
    {
        var (ctx, platform) = await AdminAsync();
        using var _ = ctx;
        var page = ctx.Render<Admin>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=event-row]").Count));
        Assert.Contains("agent.published", page.FindAll("[data-testid=event-row]")[0].TextContent);
        page.Find("#events-topic").Change("system-notifications");
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=event-row]")));
        Assert.Contains("tenant.created", page.Find("[data-testid=event-row]").TextContent);

        page.Find("#moderate-agent").Change("a1");
        page.Find("#moderate-tenant").Change("nobody");
        page.Find("section[aria-labelledby=moderation-title] form").Submit();
        page.WaitForAssertion(() => Assert.Contains("No such thing.", page.Find("section[aria-labelledby=moderation-title] [role=alert]").TextContent));
        page.Find("#moderate-tenant").Change("acme");
        page.Find("section[aria-labelledby=moderation-title] form").Submit();
        page.WaitForAssertion(() => Assert.Contains("reported 3 times", page.Find("[data-testid=hidden-review]").TextContent));
    }

    [Fact]
    public async Task A_tenant_key_is_told_the_page_needs_the_admin_key_and_nothing_is_asked_of_the_api()
    {
        var platform = new Platform();
        using var ctx = new Context(new FakeApi(r => r.RequestUri!.AbsolutePath switch
        {
            "/api/tenants/acme" => FakeApi.Json("""{"id":"acme","name":"Acme","plan":"pro","createdAt":"2026-01-01T00:00:00Z"}"""),
            "/api/billing/balance" => FakeApi.Json("""{"tenantId":"acme","balance":0,"spendable":0,"reserved":0,"overdraft":0,"grants":[]}"""),
            "/api/tenants/acme/keys" => FakeApi.Json("""[{"keyId":"k1","name":"k1","role":"owner","prefix":"mk.acme.k1","createdAt":"2026-01-01T00:00:00Z","revokedAt":null}]"""),
            _ => platform.Answer(r),
        }));
        await ctx.Services.GetRequiredService<ConsoleSession>().SignInWithKeyAsync("mk.acme.k1.secret");
        var page = ctx.Render<Admin>();
        Assert.Contains("need the platform admin key", page.Markup);
        Assert.DoesNotContain(platform.Sent, s => s.Path.StartsWith("GET /api/admin", StringComparison.Ordinal));
    }
}
