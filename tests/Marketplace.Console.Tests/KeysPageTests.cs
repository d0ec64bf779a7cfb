using Bunit;
using Marketplace.Console.Auth;
using Marketplace.Console.Pages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FluentUI.AspNetCore.Components;
using Xunit;

namespace Marketplace.Console.Tests;

public sealed class KeysPageTests
{
    sealed class Context(FakeApi api) : ConsoleTestContext(api);

    const string Tenant = """{"id":"acme","name":"Acme","plan":"pro","createdAt":"2026-01-01T00:00:00Z"}""";
    const string Balance = """{"tenantId":"acme","balance":5000000,"spendable":5000000,"reserved":0,"overdraft":0,"grants":[]}""";

    static FakeApi Api(List<string> keys) => new(request => (request.Method.Method, request.RequestUri!.AbsolutePath) switch
    {
        ("GET", "/api/tenants/acme") => FakeApi.Json(Tenant),
        ("GET", "/api/billing/balance") => FakeApi.Json(Balance),
        ("GET", "/api/tenants/acme/keys") => FakeApi.Json("[" + string.Join(",", keys) + "]"),
        ("POST", "/api/tenants/acme/keys") => Created(keys),
        ("DELETE", "/api/tenants/acme/keys/k2") => Revoked(keys),
        _ => FakeApi.Json("""{"title":"Not found","status":404}""", System.Net.HttpStatusCode.NotFound, "application/problem+json"),
    });

    static string Key(string id, string role, string? revokedAt = null) =>
        $$"""{"keyId":"{{id}}","name":"{{id}} key","role":"{{role}}","prefix":"mk.acme.{{id}}","createdAt":"2026-01-01T00:00:00Z","revokedAt":{{(revokedAt is null ? "null" : $"\"{revokedAt}\"")}}}""";

    static HttpResponseMessage Created(List<string> keys)
    {
        keys.Add(Key("k2", "developer"));
        return FakeApi.Json("""{"keyId":"k2","name":"k2 key","role":"developer","prefix":"mk.acme.k2","createdAt":"2026-01-01T00:00:00Z","key":"mk.acme.k2.secret-shown-once"}""", System.Net.HttpStatusCode.Created);
    }

    static HttpResponseMessage Revoked(List<string> keys)
    {
        keys[1] = Key("k2", "developer", "2026-01-02T00:00:00Z");
        return new HttpResponseMessage(System.Net.HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_created_key_is_shown_once_listed_and_can_be_revoked()
    {
        var keys = new List<string> { Key("k1", "owner") };
        var api = Api(keys);
        using var ctx = new Context(api);
        await ctx.Services.GetRequiredService<ConsoleSession>().SignInWithKeyAsync("mk.acme.k1.secret");
        var page = ctx.Render<Keys>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=key-row]")));

        page.Find("form").Submit();
        page.WaitForAssertion(() => Assert.Contains("mk.acme.k2.secret-shown-once", page.Find("[data-testid=created-key]").TextContent));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=key-row]").Count));
        Assert.DoesNotContain("secret-shown-once", string.Concat(page.FindAll("[data-testid=key-row]").Select(r => r.TextContent)));

        var revoke = page.FindComponents<FluentButton>().Single(b => b.Instance.Title == "Revoke the key k2 key");
        await page.InvokeAsync(() => revoke.Instance.OnClick.InvokeAsync());
        page.WaitForAssertion(() => Assert.Contains("Revoked", page.FindAll("[data-testid=key-row]")[1].TextContent));
        Assert.Contains(api.Requests, r => r.Method == HttpMethod.Delete && r.RequestUri!.AbsolutePath == "/api/tenants/acme/keys/k2");
        Assert.All(api.Requests, r => Assert.Equal("mk.acme.k1.secret", r.Headers.GetValues("X-API-Key").Single()));
    }
}
