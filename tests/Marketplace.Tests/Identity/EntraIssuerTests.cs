using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Marketplace.Identity;
using Marketplace.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Xunit;

namespace Marketplace.Tests.Identity;

/// <summary>
/// A multi-tenant Entra ID authority, without Entra: a local issuer publishes Entra's metadata template
/// (<c>https://login.microsoftonline.com/{tenantid}/v2.0</c>) and a JWKS, and signs tokens as each directory would.
/// A token is accepted only when its issuer is the template filled with its own <c>tid</c>, from an allowed directory.
/// </summary>
[Collection("platform")]
public sealed class EntraIssuerTests(PlatformFixture platform) : IAsyncLifetime
{
    const string Template = "https://login.microsoftonline.com/{tenantid}/v2.0";
    const string Audience = "api://entra-test";
    static readonly string Contoso = Guid.NewGuid().ToString(), Fabrikam = Guid.NewGuid().ToString(), Stranger = Guid.NewGuid().ToString();

    TestIssuer issuer = null!;
    WebApplication host = null!;
    Uri baseAddress = null!;

    public async Task InitializeAsync()
    {
        issuer = await TestIssuer.StartAsync(metadataIssuer: Template);
        (host, baseAddress) = await PlatformFixture.StartHostAsync(platform.Azurite.ConnectionString, platform.StoragePrefix, null, PlatformFixture.RequestsOnly,
            "--Identity:Issuer=https://login.microsoftonline.com/organizations/v2.0", $"--Identity:MetadataAddress={issuer.Issuer}/.well-known/openid-configuration",
            $"--Identity:Audience={Audience}", $"--Identity:AllowedTenants:0={Contoso}", $"--Identity:AllowedTenants:1={Fabrikam}");
    }

    public async Task DisposeAsync()
    {
        await host.StopAsync();
        await host.DisposeAsync();
        await issuer.DisposeAsync();
    }

    string Token(string tid, string oid, string? issuedBy = null) =>
        issuer.Token(Audience, "ignored", subject: oid, issuer: issuedBy ?? Template.Replace("{tenantid}", tid),
            extraClaims: new Dictionary<string, object> { ["tid"] = tid, ["oid"] = oid, ["name"] = "Entra User" });

    async Task<HttpResponseMessage> MeAsync(string token)
    {
        using var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.GetAsync("/api/me");
    }

    [Fact]
    public async Task Each_directory_signs_only_for_itself_and_only_allowed_directories_sign_in()
    {
        var (tenantId, _) = await platform.NewTenantAsync("owner");
        var oid = Guid.NewGuid().ToString();
        using (var admin = platform.Admin())
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/tenants/{tenantId}/members", new { issuer = "entra:" + Contoso, subject = oid, role = "owner" })).StatusCode);

        var me = await ProblemAssert.ReadObject(await MeAsync(Token(Contoso, oid)), HttpStatusCode.OK);
        Assert.Equal((PrincipalIds.ForEntra(Contoso, oid), tenantId, "owner"),
            (me["userId"]!.GetValue<string>(), me["currentTenant"]!.GetValue<string>(), me["currentRole"]!.GetValue<string>()));
        // Another allowed directory signs in too (no membership yet: signed in without a tenant).
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(Token(Fabrikam, Guid.NewGuid().ToString()))).StatusCode);

        foreach (var refused in new[]
        {
            Token(Contoso, oid, issuedBy: Template.Replace("{tenantid}", Fabrikam)), // a directory's issuer naming another tid
            Token(Stranger, oid), // a directory that is not allowed
            Token(Contoso, oid, issuedBy: $"https://login.example.com/{Contoso}/v2.0"), // not Entra's template
        })
        {
            using var response = await MeAsync(refused);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
        }
    }

    [Theory]
    [InlineData("https://login.microsoftonline.com/T1/v2.0", "T1", true)]
    [InlineData("https://login.microsoftonline.com/t1/v2.0/", "T1", true)]
    [InlineData("https://login.microsoftonline.com/T2/v2.0", "T1", false)]
    [InlineData("https://login.microsoftonline.com/T1/v2.0", null, false)]
    [InlineData("https://login.microsoftonline.com/T3/v2.0", "T3", false)]
    public void The_issuer_must_be_the_template_filled_with_the_tokens_own_allowed_directory(string tokenIssuer, string? tid, bool valid)
    {
        Assert.Equal(valid, EntraIssuer.IsValid(Template, tokenIssuer, tid, ["T1", "T2"]));
        Assert.Equal(Template, EntraIssuer.DefaultTemplate("https://login.microsoftonline.com/organizations/v2.0"));
        Assert.False(EntraIssuer.IsValid("https://login.microsoftonline.com/fixed/v2.0", "https://login.microsoftonline.com/fixed/v2.0", "fixed", []));
    }
}
