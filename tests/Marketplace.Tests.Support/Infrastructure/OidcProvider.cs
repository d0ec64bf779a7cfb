using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// The local OpenID provider (<c>scripts/oidc-provider.mjs</c>, npm <c>oidc-provider</c>) on a free loopback port,
/// with a signing key this fixture generated (so tests can also forge tokens it would sign: expired, misaddressed),
/// demo users and the demo service client. Stopped, with its process tree, on dispose.
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    public const string ServiceClientId = "demo-service";
    public const string ConsoleClientId = "marketplace-console";
    public const string CliClientId = "marketplace-cli";

    /// <summary>A CLI client whose access tokens live 15 s, so a test sees them renewed.</summary>
    public const string BriefTokenCliClientId = "cli-brief-token";

    /// <summary>A CLI client whose device codes expire after 2 s, before the first poll (5 s) can redeem one.</summary>
    public const string BriefCodeCliClientId = "cli-brief-code";

    const string DefaultConsoleOrigin = "http://127.0.0.1:7071";

    public static readonly (string Name, string Password)[] Users = [("alice", "alice-test-password"), ("bob", "bob-test-password"), ("carol", "carol-test-password"), ("dave", "dave-test-password")];

    EmulatorProcess process = null!;
    string folder = null!;

    public string Issuer { get; private set; } = "";
    public string Resource { get; private set; } = "";

    /// <summary>Where the console's client may be redirected back to after sign-in (the script's <c>--console-origin</c>).</summary>
    public string ConsoleRedirect { get; private set; } = DefaultConsoleOrigin + "/authentication/login-callback";
    public string ServiceSecret { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
    public string KeysPath => Path.Combine(folder, "keys.json");

    /// <summary>The provider's private signing key and its id, as published in its JWKS.</summary>
    public RsaSecurityKey SigningKey { get; private set; } = null!;

    /// <summary>
    /// Starts a provider; <paramref name="sharedKeys"/> reuses another one's keys (a second issuer with the same keys);
    /// <paramref name="consoleOrigin"/> is the console's origin its client redirects back to (a test host's).
    /// </summary>
    public static async Task<OidcProvider> StartAsync(string resource, OidcProvider? sharedKeys = null, string? consoleOrigin = null)
    {
        var origin = consoleOrigin ?? DefaultConsoleOrigin;
        var provider = new OidcProvider { folder = Directory.CreateTempSubdirectory("marketplace-oidc-").FullName, Resource = resource, ConsoleRedirect = origin + "/authentication/login-callback" };
        try
        {
            provider.SigningKey = sharedKeys?.SigningKey ?? new RsaSecurityKey(RSA.Create(2048)) { KeyId = "k" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)) };
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(provider.SigningKey);
            File.WriteAllText(provider.KeysPath, JsonSerializer.Serialize(new
            {
                keys = new[] { new { kty = "RSA", kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E, d = jwk.D, p = jwk.P, q = jwk.Q, dp = jwk.DP, dq = jwk.DQ, qi = jwk.QI } },
            }));
            var config = Path.Combine(provider.folder, "config.json");
            File.WriteAllText(config, JsonSerializer.Serialize(new
            {
                resource,
                serviceClientSecret = provider.ServiceSecret,
                users = Users.Select(u => new { name = u.Name, password = u.Password, displayName = u.Name + " Test", email = u.Name + "@test.example", role = "reader" }),
                cliClients = new object[]
                {
                    new { clientId = CliClientId },
                    new { clientId = BriefTokenCliClientId, accessTokenTTL = 15 },
                    new { clientId = BriefCodeCliClientId, deviceCodeTTL = 2 },
                },
            }));
            var script = Path.Combine(NodeTools.RepoRoot, "scripts", "oidc-provider.mjs");
            for (var attempt = 1; ; attempt++)
            {
                var port = NodeTools.GetFreeTcpPort();
                provider.Issuer = $"http://127.0.0.1:{port}";
                try
                {
                    provider.process = await EmulatorProcess.StartAsync("oidc-provider", "node",
                        ["--import", EmulatorProcess.ExitWithParent, script, "--port", $"{port}", "--keys", provider.KeysPath, "--config", config, "--console-origin", origin], [port]);
                    return provider;
                }
                catch (InvalidOperationException) when (attempt < 3)
                {
                }
            }
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }

    /// <summary>The demo service's access token (client credentials, RFC 6749 §4.4) for the API's resource.</summary>
    public async Task<string> ServiceTokenAsync(string? resource = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, Issuer + "/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["scope"] = "marketplace", ["resource"] = resource ?? Resource,
            }),
        };
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ServiceClientId}:{ServiceSecret}")));
        return await AccessTokenAsync(await http.SendAsync(request));
    }

    /// <summary>
    /// A user's sign-in as the console does it: authorization request with PKCE (S256), the provider's login form
    /// posted, redirects followed on the provider, the code taken from the redirect to the console, then redeemed.
    /// </summary>
    public async Task<string> SignInAsync(string user, string? password = null, string? resource = null)
    {
        password ??= Users.Single(u => u.Name == user).Password;
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var state = Base64Url(RandomNumberGenerator.GetBytes(16));
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true });
        var authorize = $"{Issuer}/auth?client_id={ConsoleClientId}&response_type=code&scope=openid%20profile%20email" +
            $"&redirect_uri={Uri.EscapeDataString(ConsoleRedirect)}&code_challenge={challenge}&code_challenge_method=S256&state={state}&resource={Uri.EscapeDataString(resource ?? Resource)}";
        var response = await FollowAsync(http, await http.GetAsync(authorize));
        var form = await response.Content.ReadAsStringAsync();
        Assert(response.StatusCode == HttpStatusCode.OK && form.Contains("name=\"password\""), $"expected the login form, got {response.StatusCode}: {form}");
        var action = new Uri(response.RequestMessage!.RequestUri!, System.Text.RegularExpressions.Regex.Match(form, "action=\"([^\"]+)\"").Groups[1].Value);
        response = await FollowAsync(http, await http.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string> { ["login"] = user, ["password"] = password })));
        var callback = response.Headers.Location;
        Assert(callback is not null && callback.ToString().StartsWith(ConsoleRedirect, StringComparison.Ordinal), $"expected the redirect to the console, got {response.StatusCode} {callback}: {await response.Content.ReadAsStringAsync()}");
        var query = System.Web.HttpUtility.ParseQueryString(callback!.Query);
        Assert(query["state"] == state, "the state came back changed");
        var token = await http.PostAsync(Issuer + "/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = query["code"]!, ["redirect_uri"] = ConsoleRedirect, ["client_id"] = ConsoleClientId,
            ["code_verifier"] = verifier, ["resource"] = resource ?? Resource,
        }));
        return await AccessTokenAsync(token);
    }

    /// <summary>
    /// The user's side of the device flow (RFC 8628 §3.3), as a person at a browser does it: the verification page,
    /// the user code posted, the confirmation (or its abort, which denies), then the provider's login form.
    /// </summary>
    public async Task ApproveDeviceAsync(string userCode, string user, bool approve = true)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true });
        var page = await http.GetAsync(Issuer + "/device");
        var html = await page.Content.ReadAsStringAsync();
        Assert(page.StatusCode == HttpStatusCode.OK && html.Contains("name=\"user_code\""), $"expected the user code form, got {page.StatusCode}: {html}");
        var xsrf = FormValue(html, "xsrf");
        var confirm = await http.PostAsync(Issuer + "/device", new FormUrlEncodedContent(new Dictionary<string, string> { ["xsrf"] = xsrf, ["user_code"] = userCode }));
        html = await confirm.Content.ReadAsStringAsync();
        Assert(confirm.StatusCode == HttpStatusCode.OK && html.Contains("name=\"confirm\""), $"expected the confirmation, got {confirm.StatusCode}: {html}");
        var answer = new Dictionary<string, string> { ["xsrf"] = FormValue(html, "xsrf"), ["user_code"] = FormValue(html, "user_code") };
        answer[approve ? "confirm" : "abort"] = "yes";
        var response = await FollowAsync(http, await http.PostAsync(Issuer + "/device", new FormUrlEncodedContent(answer)));
        if (!approve) return;
        response = await PostLoginAsync(http, response, user, Users.Single(u => u.Name == user).Password);
        html = await response.Content.ReadAsStringAsync();
        Assert(response.StatusCode == HttpStatusCode.OK && html.Contains("Sign-in Success"), $"expected the device sign-in to succeed, got {response.StatusCode}: {html}");
    }

    /// <summary>
    /// A user signing in at an authorization URL a native app printed: the login form posted, and the redirect that
    /// leaves the provider (to the app's loopback listener) returned unfollowed.
    /// </summary>
    public async Task<Uri> SignInAtAsync(Uri authorize, string user)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true });
        var response = await PostLoginAsync(http, await FollowAsync(http, await http.GetAsync(authorize)), user, Users.Single(u => u.Name == user).Password);
        Assert((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is not null, $"expected a redirect to the app, got {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location!);
    }

    async Task<HttpResponseMessage> PostLoginAsync(HttpClient http, HttpResponseMessage form, string user, string password)
    {
        var html = await form.Content.ReadAsStringAsync();
        Assert(form.StatusCode == HttpStatusCode.OK && html.Contains("name=\"password\""), $"expected the login form, got {form.StatusCode}: {html}");
        var action = new Uri(form.RequestMessage!.RequestUri!, System.Text.RegularExpressions.Regex.Match(html, "action=\"([^\"]+)\"").Groups[1].Value);
        return await FollowAsync(http, await http.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string> { ["login"] = user, ["password"] = password })));
    }

    static string FormValue(string html, string name) =>
        System.Text.RegularExpressions.Regex.Match(html, $"name=\"{name}\" value=\"([^\"]*)\"") is { Success: true } match
            ? System.Net.WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException($"oidc-provider: no form field '{name}' in {html}");

    /// <summary>A token signed with the provider's own key, with any claim made wrong.</summary>
    public string Forge(string subject, string? audience = null, TimeSpan? lifetime = null, string? issuer = null, SecurityKey? signWith = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + (lifetime ?? TimeSpan.FromMinutes(5));
        var notBefore = expires < now ? expires.AddMinutes(-5) : now;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience ?? Resource,
            Claims = new Dictionary<string, object> { ["sub"] = subject },
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = expires,
            SigningCredentials = new SigningCredentials(signWith ?? SigningKey, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>Redirects within the provider are followed; the one leaving it (to the client) is returned unfollowed.</summary>
    async Task<HttpResponseMessage> FollowAsync(HttpClient http, HttpResponseMessage response)
    {
        for (var hops = 0; hops < 10 && (int)response.StatusCode is >= 300 and < 400; hops++)
        {
            var next = new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location!);
            if (!next.ToString().StartsWith(Issuer, StringComparison.Ordinal)) return response;
            response = await http.GetAsync(next);
        }
        return response;
    }

    static async Task<string> AccessTokenAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert(response.IsSuccessStatusCode && body?["access_token"] is not null, $"token request failed: {response.StatusCode} {body}");
        return body!["access_token"]!.GetValue<string>();
    }

    static void Assert(bool condition, string message)
    {
        if (!condition) throw new InvalidOperationException("oidc-provider: " + message);
    }

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        if (process is not null) await process.DisposeAsync();
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}
