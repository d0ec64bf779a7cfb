using Bunit;
using Marketplace.Console.Auth;
using Marketplace.Console.Layout;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FluentUI.AspNetCore.Components;
using Xunit;

namespace Marketplace.Console.Tests;

public sealed class OidcSessionTests
{
    sealed class Context : ConsoleTestContext
    {
        public Context(FakeApi api, IOidcSignIn oidc) : base(api) => Services.AddScoped(_ => oidc);
    }

    static string Tenant(string id, string name) => $$"""{"id":"{{id}}","name":"{{name}}","plan":"pro","createdAt":"2026-01-01T00:00:00Z"}""";
    const string Balance = """{"tenantId":"acme","balance":5000000,"spendable":5000000,"reserved":0,"overdraft":0,"grants":[]}""";
    const string Memberships = """[{"tenantId":"acme","role":"owner","joinedAt":"2026-01-01T00:00:00Z"},{"tenantId":"globex","role":"billing","joinedAt":"2026-01-02T00:00:00Z"}]""";

    static string Me(string? tenant, string? role, string memberships) =>
        $$"""{"userId":"u-alice","kind":"user","displayName":"Alice Owner","email":"alice@acme.example","currentTenant":{{Quote(tenant)}},"currentRole":{{Quote(role)}},"memberships":{{memberships}}}""";

    static string Quote(string? value) => value is null ? "null" : $"\"{value}\"";

    /// <summary>The API as a signed-in user with two memberships sees it: the tenant comes from X-Tenant, else the oldest.</summary>
    static FakeApi Api() => new(request =>
    {
        var tenant = request.Headers.TryGetValues("X-Tenant", out var values) ? values.Single() : null;
        if (request.Headers.Authorization?.ToString() != "Bearer access-token-1")
            return FakeApi.Json("""{"title":"Unauthorized","status":401}""", System.Net.HttpStatusCode.Unauthorized, "application/problem+json");
        return (request.Method.Method, request.RequestUri!.AbsolutePath) switch
        {
            ("GET", "/api/me") => FakeApi.Json(tenant == "globex" ? Me("globex", "billing", Memberships) : Me("acme", "owner", Memberships)),
            ("GET", "/api/tenants/acme") => FakeApi.Json(Tenant("acme", "Acme")),
            ("GET", "/api/tenants/globex") => FakeApi.Json(Tenant("globex", "Globex")),
            ("GET", "/api/billing/balance") => FakeApi.Json(Balance),
            _ => FakeApi.Json("""{"title":"Not found","status":404}""", System.Net.HttpStatusCode.NotFound, "application/problem+json"),
        };
    });

    static IRenderedComponent<MainLayout> RenderLayout(BunitContext ctx) =>
        ctx.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "the page"))));

    [Fact]
    public void A_signed_in_user_is_restored_with_their_name_tenant_and_role_and_every_call_carries_the_token_and_tenant()
    {
        var api = Api();
        using var ctx = new Context(api, new TestOidcSignIn());
        var layout = RenderLayout(ctx);

        layout.WaitForAssertion(() => Assert.Equal("Alice Owner", layout.Find("[data-testid=user-name]").TextContent));
        Assert.Equal("Acme", layout.Find("[data-testid=tenant]").TextContent);
        Assert.Equal("owner", layout.Find("[data-testid=role]").TextContent);
        Assert.Contains("the page", layout.Markup);
        Assert.NotEmpty(layout.FindAll("a[href=audit]"));
        Assert.All(api.Requests, r => Assert.Equal("Bearer access-token-1", r.Headers.Authorization?.ToString()));
        // The first call lets the API choose (the oldest membership); every later one names that tenant.
        Assert.False(api.Requests[0].Headers.Contains("X-Tenant"));
        Assert.All(api.Requests.Skip(1), r => Assert.Equal("acme", r.Headers.GetValues("X-Tenant").Single()));
        Assert.All(api.Requests, r => Assert.False(r.Headers.Contains("X-API-Key")));
    }

    [Fact]
    public void A_user_with_several_tenants_picks_one_and_acts_with_its_role_there()
    {
        var api = Api();
        using var ctx = new Context(api, new TestOidcSignIn());
        var layout = RenderLayout(ctx);
        layout.WaitForAssertion(() => Assert.Equal(2, layout.FindAll("#tenant-picker option").Count));

        var before = api.Requests.Count;
        layout.Find("#tenant-picker").Change("globex");

        layout.WaitForAssertion(() => Assert.Equal("billing", layout.Find("[data-testid=role]").TextContent));
        Assert.Equal("Globex", layout.Find("[data-testid=tenant]").TextContent);
        Assert.All(api.Requests.Skip(before), r => Assert.Equal("globex", r.Headers.GetValues("X-Tenant").Single()));
        var session = ctx.Services.GetRequiredService<ConsoleSession>();
        Assert.False(session.User!.CanCallAgents);
        // Owners-only pages leave the menu for a billing member.
        Assert.Empty(layout.FindAll("a[href=audit]"));
        Assert.Empty(layout.FindAll("a[href=keys]"));
    }

    [Fact]
    public async Task Signing_out_forgets_the_user_and_ends_the_session_at_the_issuer()
    {
        var api = Api();
        var oidc = new TestOidcSignIn();
        using var ctx = new Context(api, oidc);
        var layout = RenderLayout(ctx);
        layout.WaitForAssertion(() => Assert.Equal("owner", layout.Find("[data-testid=role]").TextContent));

        await layout.InvokeAsync(() => layout.FindComponents<FluentButton>().Single(b => b.Markup.Contains("Sign out")).Instance.OnClick.InvokeAsync());

        Assert.Equal(1, oidc.SignOuts);
        var session = ctx.Services.GetRequiredService<ConsoleSession>();
        Assert.Null(session.User);
        Assert.Null(ctx.Services.GetRequiredService<CredentialHolder>().Current);
        layout.WaitForAssertion(() => Assert.NotEmpty(layout.FindAll("#signin-title")));
        Assert.DoesNotContain("the page", layout.Markup);
    }

    [Fact]
    public void Without_a_sign_in_the_form_offers_the_organization_and_an_api_key_and_the_button_goes_to_the_issuer()
    {
        var oidc = new TestOidcSignIn { SignedIn = false };
        using var ctx = new Context(Api(), oidc);
        var layout = RenderLayout(ctx);
        layout.WaitForAssertion(() => Assert.NotEmpty(layout.FindAll("#signin-title")));
        Assert.NotEmpty(layout.FindAll("#api-key"));

        layout.InvokeAsync(() => layout.FindComponents<FluentButton>().Single(b => b.Markup.Contains("Sign in with your organization")).Instance.OnClick.InvokeAsync());

        Assert.Equal(1, oidc.SignIns);
    }

    [Fact]
    public void A_signed_in_user_with_no_membership_is_told_to_ask_for_an_invitation()
    {
        var api = new FakeApi(request => request.RequestUri!.AbsolutePath == "/api/me"
            ? FakeApi.Json(Me(null, null, "[]"))
            : FakeApi.Json("""{"title":"Forbidden","status":403}""", System.Net.HttpStatusCode.Forbidden, "application/problem+json"));
        using var ctx = new Context(api, new TestOidcSignIn());
        var layout = RenderLayout(ctx);
        layout.WaitForAssertion(() => Assert.NotEmpty(layout.FindAll("[data-testid=no-membership]")));
        Assert.Empty(layout.FindAll("[data-testid=role]"));
    }

    [Fact]
    public void Without_an_issuer_only_the_api_key_is_offered()
    {
        using var ctx = new KeyOnly(Api());
        var layout = RenderLayout(ctx);
        layout.WaitForAssertion(() => Assert.NotEmpty(layout.FindAll("#api-key")));
        Assert.DoesNotContain("Sign in with your organization", layout.Markup);
    }

    sealed class KeyOnly(FakeApi api) : ConsoleTestContext(api);
}
