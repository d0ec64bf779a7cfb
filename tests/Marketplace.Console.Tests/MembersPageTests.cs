using System.Net;
using System.Text.Json;
using Bunit;
using Marketplace.Console.Auth;
using Marketplace.Console.Pages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FluentUI.AspNetCore.Components;
using Xunit;

namespace Marketplace.Console.Tests;

public sealed class MembersPageTests
{
    sealed class Context : ConsoleTestContext
    {
        public Context(FakeApi api) : base(api) => Services.AddScoped<IOidcSignIn>(_ => new TestOidcSignIn());
    }

    const string Tenant = """{"id":"acme","name":"Acme","plan":"pro","createdAt":"2026-01-01T00:00:00Z"}""";
    const string Balance = """{"tenantId":"acme","balance":5000000,"spendable":5000000,"reserved":0,"overdraft":0,"grants":[]}""";

    static string Member(string id, string name, string role) =>
        $$"""{"tenantId":"acme","principalId":"{{id}}","kind":"user","role":"{{role}}","displayName":"{{name}}","email":"{{id}}@acme.example","joinedAt":"2026-01-01T00:00:00Z","addedBy":"admin"}""";

    sealed class Api(string role)
    {
        public readonly Dictionary<string, string> Roles = new() { ["u-alice"] = "owner", ["u-bob"] = "reader" };
        public readonly List<(string Request, string Body)> Sent = [];

        public HttpResponseMessage Answer(HttpRequestMessage request)
        {
            var body = request.Content?.ReadAsStringAsync().GetAwaiter().GetResult() ?? "";
            Sent.Add((request.Method.Method + " " + request.RequestUri!.PathAndQuery, body));
            return (request.Method.Method, request.RequestUri!.AbsolutePath) switch
            {
                ("GET", "/api/me") => FakeApi.Json($$"""{"userId":"u-alice","kind":"user","displayName":"Alice","currentTenant":"acme","currentRole":"{{role}}","memberships":[{"tenantId":"acme","role":"{{role}}","joinedAt":"2026-01-01T00:00:00Z"}]}"""),
                ("GET", "/api/tenants/acme") => FakeApi.Json(Tenant),
                ("GET", "/api/billing/balance") => FakeApi.Json(Balance),
                ("GET", "/api/tenants/acme/members") => FakeApi.Json("[" + string.Join(",", Roles.Select(r => Member(r.Key, r.Key[2..], r.Value))) + "]"),
                ("POST", "/api/tenants/acme/invitations") => FakeApi.Json(
                    """{"tenantId":"acme","role":"developer","expiresAt":"2026-01-04T00:00:00Z","token":"inv_abc","acceptUrl":"http://marketplace.test/api/invitations/inv_abc/accept"}""", HttpStatusCode.Created),
                ("PUT", "/api/tenants/acme/members/u-alice") => FakeApi.Json(
                    """{"title":"The last owner","status":409,"detail":"The tenant's last owner cannot be demoted."}""", HttpStatusCode.Conflict, "application/problem+json"),
                ("PUT", "/api/tenants/acme/members/u-bob") => ChangeBob(body),
                ("DELETE", "/api/tenants/acme/members/u-bob") => RemoveBob(),
                _ => FakeApi.Json("""{"title":"Not found","status":404}""", HttpStatusCode.NotFound, "application/problem+json"),
            };
        }

        HttpResponseMessage ChangeBob(string body)
        {
            Roles["u-bob"] = JsonDocument.Parse(body).RootElement.GetProperty("role").GetString()!;
            return FakeApi.Json(Member("u-bob", "bob", Roles["u-bob"]));
        }

        HttpResponseMessage RemoveBob()
        {
            Roles.Remove("u-bob");
            return new HttpResponseMessage(HttpStatusCode.NoContent);
        }
    }

    static async Task<(Context Ctx, Api Api)> SignedInAsync(string role)
    {
        var api = new Api(role);
        var ctx = new Context(new FakeApi(api.Answer));
        await ctx.Services.GetRequiredService<ConsoleSession>().RestoreAsync();
        return (ctx, api);
    }

    [Fact]
    public async Task An_owner_invites_and_sees_the_link_once_changes_a_role_and_removes_a_member()
    {
        var (ctx, api) = await SignedInAsync("owner");
        using var _ = ctx;
        var page = ctx.Render<Members>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=member-row]").Count));

        page.Find("#invite-email").Change("carol@acme.example");
        page.Find("form").Submit();
        page.WaitForAssertion(() => Assert.Equal("http://marketplace.test/api/invitations/inv_abc/accept", page.Find("[data-testid=invitation-link]").TextContent));
        var invite = JsonDocument.Parse(api.Sent.Single(s => s.Request.StartsWith("POST")).Body).RootElement;
        Assert.Equal("developer", invite.GetProperty("role").GetString());
        Assert.Equal("carol@acme.example", invite.GetProperty("email").GetString());
        Assert.Equal(72, invite.GetProperty("expiresInHours").GetInt32());

        page.Find("#role-u-bob").Change("billing");
        page.WaitForAssertion(() => Assert.Equal("billing", page.FindAll("[data-testid=member-role]")[1].TextContent));

        await page.InvokeAsync(() => page.FindComponents<FluentButton>().Single(b => b.Instance.Title == "Remove bob").Instance.OnClick.InvokeAsync());
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=member-row]")));
        Assert.Contains(api.Sent, s => s.Request == "DELETE /api/tenants/acme/members/u-bob");
    }

    [Fact]
    public async Task Demoting_the_last_owner_shows_the_api_refusal_and_the_role_stays()
    {
        var (ctx, _) = await SignedInAsync("owner");
        using var __ = ctx;
        var page = ctx.Render<Members>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=member-row]").Count));

        page.Find("#role-u-alice").Change("reader");

        page.WaitForAssertion(() => Assert.Contains("last owner cannot be demoted", page.Find("[role=alert]").TextContent));
        Assert.Equal("owner", page.FindAll("[data-testid=member-role]")[0].TextContent);
    }

    [Fact]
    public async Task A_reader_sees_the_members_but_cannot_invite_or_change_them()
    {
        var (ctx, api) = await SignedInAsync("reader");
        using var _ = ctx;
        var page = ctx.Render<Members>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=member-row]").Count));
        Assert.Empty(page.FindAll("#invite-role"));
        Assert.Empty(page.FindAll("select[id^=role-]"));
        Assert.DoesNotContain(api.Sent, s => !s.Request.StartsWith("GET"));
    }
}
