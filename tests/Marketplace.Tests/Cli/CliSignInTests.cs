using System.Net;
using System.Text.Json.Nodes;
using Marketplace.Cli;
using Marketplace.Cli.SignIn;
using Marketplace.Tests.Identity;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Cli;

/// <summary>
/// <c>mkt login</c> with OpenID Connect against the real local provider: the device flow and the browser flow with a
/// loopback redirect, the test acting as the user at the provider's pages while the CLI waits; then calls with the
/// saved tokens, their renewal, and the refusals.
/// </summary>
[Collection("identity")]
public sealed class CliSignInTests(IdentityFixture identity)
{
    static readonly TimeSpan DeviceWait = TimeSpan.FromSeconds(60);

    string Url => identity.BaseAddress.ToString();

    /// <summary>Starts <c>mkt login --device</c>, waits for its user code, and lets the user answer it.</summary>
    async Task<CliResult> DeviceLoginAsync(CliRunner cli, string user, string tenantId, string? clientId = null, bool approve = true)
    {
        string[] args = ["login", "--url", Url, "--device", "--tenant", tenantId, "-o", "json", .. clientId is null ? Array.Empty<string>() : ["--client-id", clientId]];
        var running = cli.Start(args);
        var userCode = await running.WaitForAsync(@"enter the code (\S+)");
        await identity.Provider.ApproveDeviceAsync(userCode, user, approve);
        return await running.Completion.WaitAsync(DeviceWait);
    }

    static JsonObject SignInOf(CliRunner cli) => JsonNode.Parse(File.ReadAllText(cli.ConfigPath))!["profiles"]!["default"]!["signIn"]!.AsObject();

    [Fact]
    public async Task Device_sign_in_saves_private_tokens_whoami_shows_the_membership_calls_use_them_and_logout_forgets_them()
    {
        var tenantId = await identity.NewTenantAsync();
        var aliceId = await identity.AddMemberAsync(tenantId, "alice", "owner");
        using var cli = new CliRunner();

        var login = (await DeviceLoginAsync(cli, "alice", tenantId)).Json();
        Assert.Equal((tenantId, "owner", "device", aliceId), (login["tenantId"]!.GetValue<string>(), login["role"]!.GetValue<string>(), login["method"]!.GetValue<string>(), login["userId"]!.GetValue<string>()));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cli.ConfigPath));
        var saved = SignInOf(cli);
        Assert.NotNull(saved["refreshToken"]);
        Assert.Equal(identity.Provider.Issuer, saved["issuer"]!.GetValue<string>());
        Assert.Equal(IdentityFixture.Resource, saved["resource"]!.GetValue<string>());

        var who = await cli.JsonAsync("whoami");
        Assert.Equal((aliceId, "alice Test", "alice@test.example", tenantId, "owner"),
            (who["userId"]!.GetValue<string>(), who["user"]!.GetValue<string>(), who["email"]!.GetValue<string>(), who["tenantId"]!.GetValue<string>(), who["role"]!.GetValue<string>()));
        Assert.DoesNotContain(saved["accessToken"]!.GetValue<string>(), (await cli.RunAsync("whoami")).Out);

        // An owner's calls, in the tenant the profile acts for: a key made and listed, the registry searched.
        var created = await cli.JsonAsync("keys", "create", "--role", "reader", "--name", "from-sign-in");
        Assert.StartsWith($"mk.{tenantId}.", created["key"]!.GetValue<string>());
        Assert.Contains((await cli.JsonAsync("keys", "list")).AsArray(), k => k!["keyId"]!.GetValue<string>() == created["keyId"]!.GetValue<string>());
        Assert.NotNull((await cli.JsonAsync("agents", "search", "--limit", "1"))["items"]);

        // Logout forgets the tokens and revokes the refresh token at the issuer: it can no longer renew anything.
        Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("logout")).ExitCode);
        Assert.DoesNotContain(saved["refreshToken"]!.GetValue<string>(), File.ReadAllText(cli.ConfigPath));
        Assert.Equal(ExitCodes.Auth, (await cli.RunAsync("whoami")).ExitCode);
        using var http = new HttpClient();
        var reuse = await http.PostAsync(identity.Provider.Issuer + "/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = saved["refreshToken"]!.GetValue<string>(), ["client_id"] = OidcProvider.CliClientId,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, reuse.StatusCode);
    }

    [Fact]
    public async Task A_reader_signs_in_and_is_refused_where_readers_are_refused()
    {
        var tenantId = await identity.NewTenantAsync();
        var foreign = await identity.NewTenantAsync();
        await identity.AddMemberAsync(tenantId, "bob", "reader");
        using var cli = new CliRunner();

        // A tenant he is not a member of: the sign-in itself succeeds at the issuer, the platform refuses it, nothing is saved.
        var outsider = await DeviceLoginAsync(cli, "bob", foreign);
        Assert.Equal(ExitCodes.Auth, outsider.ExitCode);
        Assert.Contains($"You are not a member of tenant '{foreign}'", outsider.Err);
        Assert.False(File.Exists(cli.ConfigPath));

        Assert.Equal("reader", (await DeviceLoginAsync(cli, "bob", tenantId)).Json()["role"]!.GetValue<string>());

        Assert.Equal("reader", (await cli.JsonAsync("whoami"))["role"]!.GetValue<string>());
        Assert.NotNull((await cli.JsonAsync("tools", "list")).AsArray());
        var refused = await cli.RunAsync("keys", "list");
        Assert.Equal(ExitCodes.Auth, refused.ExitCode);
        Assert.StartsWith("error: ", refused.Err);
    }

    [Fact]
    public async Task A_denied_or_expired_device_code_fails_with_a_clear_error_and_saves_nothing()
    {
        var tenantId = await identity.NewTenantAsync();
        await identity.AddMemberAsync(tenantId, "alice", "owner");
        using var denied = new CliRunner();
        using var expired = new CliRunner();

        var expiring = expired.Start("login", "--url", Url, "--device", "--client-id", OidcProvider.BriefCodeCliClientId, "-o", "json");
        var refusal = await DeviceLoginAsync(denied, "alice", tenantId, approve: false);
        Assert.Equal(ExitCodes.Auth, refusal.ExitCode);
        Assert.Contains("error: The sign-in was denied.", refusal.Err);
        Assert.Equal("", refusal.Out);

        var lapsed = await expiring.Completion.WaitAsync(DeviceWait);
        Assert.Equal(ExitCodes.Auth, lapsed.ExitCode);
        Assert.Matches("error: The code \\S+ expired before the sign-in was approved", lapsed.Err);
        Assert.False(File.Exists(denied.ConfigPath) || File.Exists(expired.ConfigPath));
    }

    [Fact]
    public async Task Browser_sign_in_receives_the_code_on_a_loopback_port_and_a_forged_state_is_refused()
    {
        var tenantId = await identity.NewTenantAsync();
        var aliceId = await identity.AddMemberAsync(tenantId, "alice", "developer");
        using var cli = new CliRunner();
        var running = cli.Start("login", "--url", Url, "--no-browser", "--tenant", tenantId, "-o", "json");
        var authorize = new Uri(await running.WaitForAsync(@"(http://127\.0\.0\.1:\d+/auth\?\S+)"));
        var query = System.Web.HttpUtility.ParseQueryString(authorize.Query);
        Assert.Equal((OidcProvider.CliClientId, "S256", IdentityFixture.Resource), (query["client_id"], query["code_challenge_method"], query["resource"]));
        var redirect = new Uri(query["redirect_uri"]!);
        Assert.Equal(("127.0.0.1", "/callback"), (redirect.Host, redirect.AbsolutePath));

        // A request to the listener that is not the callback is answered 404 and does not end the wait.
        using var browser = new HttpClient();
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(new Uri(redirect, "/favicon.ico"))).StatusCode);
        var callback = await identity.Provider.SignInAtAsync(authorize, "alice");
        Assert.Equal(redirect.GetLeftPart(UriPartial.Path), callback.GetLeftPart(UriPartial.Path));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(callback)).StatusCode);
        var login = (await running.Completion.WaitAsync(DeviceWait)).Json();
        Assert.Equal((aliceId, "developer", "browser"), (login["userId"]!.GetValue<string>(), login["role"]!.GetValue<string>(), login["method"]!.GetValue<string>()));
        Assert.Equal(tenantId, (await cli.JsonAsync("whoami"))["tenantId"]!.GetValue<string>());

        // An answer whose state is not this login's is refused, even with a code in it.
        using var other = new CliRunner();
        var forged = other.Start("login", "--url", Url, "--no-browser", "-o", "json");
        var forgedRedirect = new Uri(System.Web.HttpUtility.ParseQueryString(new Uri(await forged.WaitForAsync(@"(http://127\.0\.0\.1:\d+/auth\?\S+)")).Query)["redirect_uri"]!);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(forgedRedirect + "?code=stolen&state=not-this-one")).StatusCode);
        var refused = await forged.Completion.WaitAsync(DeviceWait);
        Assert.Equal(ExitCodes.Auth, refused.ExitCode);
        Assert.Contains("did not carry this login's state", refused.Err);
    }

    [Fact]
    public async Task An_expiring_access_token_is_renewed_with_the_refresh_token_and_the_renewal_is_saved()
    {
        var tenantId = await identity.NewTenantAsync();
        await identity.AddMemberAsync(tenantId, "alice", "owner");
        using var cli = new CliRunner();
        (await DeviceLoginAsync(cli, "alice", tenantId, OidcProvider.BriefTokenCliClientId)).Json();
        var first = SignInOf(cli);
        var renewAfter = first["expiresAt"]!.GetValue<DateTimeOffset>() - SignInHandler.Margin;
        Assert.True(renewAfter - DateTimeOffset.UtcNow < TimeSpan.FromSeconds(15), "the brief client's tokens should be short-lived");

        // Once the token is within the renewal margin of its expiry, the next call renews it first.
        await Eventually.Get(() => Task.FromResult(DateTimeOffset.UtcNow > renewAfter ? "due" : null), TimeSpan.FromSeconds(30));
        Assert.Equal(tenantId, (await cli.JsonAsync("whoami"))["tenantId"]!.GetValue<string>());
        var renewed = SignInOf(cli);
        Assert.NotEqual(first["accessToken"]!.GetValue<string>(), renewed["accessToken"]!.GetValue<string>());
        Assert.NotEqual(first["refreshToken"]!.GetValue<string>(), renewed["refreshToken"]!.GetValue<string>());
        Assert.True(renewed["expiresAt"]!.GetValue<DateTimeOffset>() > first["expiresAt"]!.GetValue<DateTimeOffset>());
        Assert.NotNull((await cli.JsonAsync("keys", "list")).AsArray());
    }
}
