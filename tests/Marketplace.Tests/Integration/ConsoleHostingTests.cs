using System.Net;
using System.Net.Http.Headers;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Integration;

/// <summary>
/// The standalone host serves a published console at / with the SPA fallback, while the API's paths keep their
/// answers (an unknown API path is a 404 problem, never the console's index page), and a host without the console
/// still serves the API.
/// </summary>
[Collection("platform")]
public sealed class ConsoleHostingTests(PlatformFixture platform) : IAsyncLifetime
{
    const string Index = "<!DOCTYPE html><html lang=\"en\"><head><title>console</title></head><body>console index</body></html>";
    const string DevOrigin = "http://127.0.0.1:5080";
    readonly string root = Directory.CreateTempSubdirectory("console-root-").FullName;
    Microsoft.AspNetCore.Builder.WebApplication? app;
    HttpClient client = null!;

    public async Task InitializeAsync()
    {
        File.WriteAllText(Path.Combine(root, "index.html"), Index);
        Directory.CreateDirectory(Path.Combine(root, "_framework"));
        File.WriteAllText(Path.Combine(root, "_framework", "app.js"), "plain");
        File.WriteAllText(Path.Combine(root, "_framework", "app.js.br"), "compressed");
        Uri baseAddress;
        (app, baseAddress) = await PlatformFixture.StartHostAsync(platform.Azurite.ConnectionString, platform.StoragePrefix, null, PlatformFixture.RequestsOnly, $"--Console:Root={root}", $"--Console:AllowedOrigins:0={DevOrigin}");
        client = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = baseAddress };
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/agents/some-agent")]
    [InlineData("/billing")]
    public async Task Page_paths_answer_the_console_with_its_security_headers(string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Index, await response.Content.ReadAsStringAsync());
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self' 'wasm-unsafe-eval'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp.Split(';').Single(d => d.Trim().StartsWith("script-src")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Theory]
    [InlineData("/api/no-such-thing")]
    [InlineData("/api/agents/x/no-such-thing")]
    [InlineData("/a2a/no-such-thing")]
    [InlineData("/mcp/no-such-thing")]
    [InlineData("/.well-known/no-such-thing")]
    public async Task Unknown_api_paths_stay_404_and_are_never_the_console(string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("console index", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_api_routes_still_answer_as_before()
    {
        var health = await client.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("application/json", health.Content.Headers.ContentType?.MediaType);
        var jwks = await client.GetAsync("/.well-known/jwks.json");
        Assert.Equal(HttpStatusCode.OK, jwks.StatusCode);
        Assert.Contains("keys", await jwks.Content.ReadAsStringAsync());
        var unauthorized = await client.GetAsync("/api/agents");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal("application/problem+json", unauthorized.Content.Headers.ContentType?.MediaType);
        // A wrong method on an API route is still refused by routing, not answered by the console's fallback.
        var wrongMethod = await client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, "/api/agents"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        var mcp = await client.GetAsync("/mcp");
        Assert.NotEqual("text/html", mcp.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Static_files_are_served_brotli_compressed_when_accepted()
    {
        var plain = await client.GetAsync("/_framework/app.js");
        Assert.Equal("plain", await plain.Content.ReadAsStringAsync());
        Assert.Equal("text/javascript", plain.Content.Headers.ContentType?.MediaType);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/_framework/app.js");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        var compressed = await client.SendAsync(request);
        Assert.Equal("compressed", await compressed.Content.ReadAsStringAsync());
        Assert.Equal("br", Assert.Single(compressed.Content.Headers.ContentEncoding));
        Assert.Equal("text/javascript", compressed.Content.Headers.ContentType?.MediaType);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/_framework/missing.js")).StatusCode);
    }

    [Fact]
    public async Task Only_the_configured_development_origin_may_call_the_api_from_a_browser()
    {
        async Task<HttpResponseMessage> Preflight(string origin)
        {
            using var request = new HttpRequestMessage(HttpMethod.Options, "/api/agents");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "GET");
            request.Headers.Add("Access-Control-Request-Headers", "x-api-key");
            return await client.SendAsync(request);
        }
        var allowed = await Preflight(DevOrigin);
        Assert.Equal(DevOrigin, Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
        var other = await Preflight("http://evil.example");
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
        using var bare = platform.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        request.Headers.Add("Origin", DevOrigin);
        Assert.False((await bare.SendAsync(request)).Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_host_without_a_published_console_serves_the_api_only()
    {
        using var bare = platform.Client();
        Assert.Equal(HttpStatusCode.OK, (await bare.GetAsync("/api/health")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bare.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bare.GetAsync("/agents/x")).StatusCode);
    }

    [Fact]
    public async Task Without_an_issuer_the_console_is_told_to_offer_api_keys_only()
    {
        var config = await ProblemAssert.ReadObject(await client.GetAsync("/api/console/config"), HttpStatusCode.OK);
        Assert.Null(config["signIn"]);
    }

    [Fact]
    public async Task With_an_issuer_the_console_learns_it_and_its_policy_lets_it_talk_to_the_issuer_and_renew_in_a_frame()
    {
        const string issuer = "http://127.0.0.1:7999";
        var (other, address) = await PlatformFixture.StartHostAsync(platform.Azurite.ConnectionString, platform.StoragePrefix, null, PlatformFixture.RequestsOnly, $"--Console:Root={root}",
            $"--Identity:Issuer={issuer}/", "--Identity:ConsoleClientId=marketplace-console", "--Identity:ConsoleResource=http://127.0.0.1:7071",
            "--Identity:ConsoleScopes=openid profile offline_access");
        try
        {
            using var http = new HttpClient { BaseAddress = address };
            var signIn = (await ProblemAssert.ReadObject(await http.GetAsync("/api/console/config"), HttpStatusCode.OK))["signIn"]!;
            Assert.Equal(issuer + "/", signIn["authority"]!.GetValue<string>());
            Assert.Equal("marketplace-console", signIn["clientId"]!.GetValue<string>());
            Assert.Equal(["openid", "profile", "offline_access"], signIn["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
            Assert.Equal("http://127.0.0.1:7071", signIn["resource"]!.GetValue<string>());

            var csp = Assert.Single((await http.GetAsync("/")).Headers.GetValues("Content-Security-Policy")).Split(';').Select(d => d.Trim()).ToList();
            Assert.Contains($"connect-src 'self' {issuer}", csp);
            Assert.Contains($"frame-src 'self' {issuer}", csp);
            Assert.Contains("frame-ancestors 'self'", csp);
        }
        finally
        {
            await other.StopAsync();
            await other.DisposeAsync();
        }
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        Directory.Delete(root, recursive: true);
    }
}
