using System.Net;
using Bunit;
using Marketplace.Console.Auth;
using Marketplace.Console.Pages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FluentUI.AspNetCore.Components;
using Xunit;

namespace Marketplace.Console.Tests;

public sealed class AuditPageTests
{
    sealed class Context : ConsoleTestContext
    {
        public Context(FakeApi api) : base(api) => Services.AddScoped<IOidcSignIn>(_ => new TestOidcSignIn());
    }

    static string Entry(string id, string action, string? before = null, string? after = null) =>
        $$"""{"tenantId":"acme","id":"{{id}}","at":"2026-01-02T10:00:00Z","action":"{{action}}","method":"PUT","target":"/api/tenants/acme/members/u-bob","actorKind":"user","actor":"u-alice","ip":"127.0.0.1","status":200,"before":{{before ?? "null"}},"after":{{after ?? "null"}}}""";

    static FakeApi Api(string role, List<string> queries) => new(request =>
    {
        var path = request.RequestUri!.AbsolutePath;
        if (path == "/api/tenants/acme/audit") queries.Add(request.RequestUri.Query);
        return (request.Method.Method, path) switch
        {
            ("GET", "/api/me") => FakeApi.Json($$"""{"userId":"u-alice","kind":"user","displayName":"Alice","currentTenant":"acme","currentRole":"{{role}}","memberships":[{"tenantId":"acme","role":"{{role}}","joinedAt":"2026-01-01T00:00:00Z"}]}"""),
            ("GET", "/api/tenants/acme") => FakeApi.Json("""{"id":"acme","name":"Acme","plan":"pro","createdAt":"2026-01-01T00:00:00Z"}"""),
            ("GET", "/api/billing/balance") => FakeApi.Json("""{"tenantId":"acme","balance":0,"spendable":0,"reserved":0,"overdraft":0,"grants":[]}"""),
            ("GET", "/api/tenants/acme/audit") when request.RequestUri.Query.Contains("cursor=c1") => FakeApi.Json($$"""{"entries":[{{Entry("e3", "keys-create")}}],"nextCursor":null}"""),
            ("GET", "/api/tenants/acme/audit") => FakeApi.Json(
                $$"""{"entries":[{{Entry("e1", "members-role", """{"role":"reader"}""", """{"role":"billing"}""")}},{{Entry("e2", "invitations-create")}}],"nextCursor":"c1"}"""),
            _ => FakeApi.Json("""{"title":"Not found","status":404}""", HttpStatusCode.NotFound, "application/problem+json"),
        };
    });

    [Fact]
    public async Task An_owner_reads_the_changes_with_before_and_after_filters_them_and_pages_on()
    {
        var queries = new List<string>();
        using var ctx = new Context(Api("owner", queries));
        await ctx.Services.GetRequiredService<ConsoleSession>().RestoreAsync();
        var page = ctx.Render<Audit>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=audit-row]").Count));
        var first = page.FindAll("[data-testid=audit-row]")[0].TextContent;
        Assert.Contains("members-role", first);
        Assert.Contains("u-alice", first);
        Assert.Contains("""{"role":"reader"} → {"role":"billing"}""", first);

        await page.InvokeAsync(() => page.FindComponents<FluentButton>().Single(b => b.Markup.Contains("Older changes")).Instance.OnClick.InvokeAsync());
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=audit-row]").Count));
        Assert.DoesNotContain(page.FindComponents<FluentButton>(), b => b.Markup.Contains("Older changes"));

        page.Find("#audit-action").Change("members-role");
        page.Find("#audit-actor").Change("u-alice");
        page.Find("#audit-since").Change("2026-01-02T09:30:00");
        page.Find("form").Submit();
        page.WaitForAssertion(() => Assert.Equal(3, queries.Count));
        Assert.Contains("action=members-role", queries[2]);
        Assert.Contains("actor=u-alice", queries[2]);
        Assert.Contains("since=2026-01-02T09%3A30%3A00.0000000%2B00%3A00", queries[2]);
        Assert.DoesNotContain("cursor", queries[2]);
    }

    [Fact]
    public async Task A_member_who_is_not_an_owner_is_told_so_and_nothing_is_asked_of_the_api()
    {
        var queries = new List<string>();
        using var ctx = new Context(Api("developer", queries));
        await ctx.Services.GetRequiredService<ConsoleSession>().RestoreAsync();
        var page = ctx.Render<Audit>();
        Assert.NotEmpty(page.FindAll("[data-testid=audit-owners-only]"));
        Assert.Empty(queries);
    }
}
