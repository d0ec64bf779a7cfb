using System.CommandLine;
using Marketplace.Cli.Config;
using Marketplace.Cli.SignIn;
using Marketplace.Client;
using Marketplace.Client.Models;
using Spectre.Console;
using Profile = Marketplace.Cli.Config.Profile;

namespace Marketplace.Cli.Commands;

/// <summary>Who the credential is: a key (its tenant, prefix, role) or a signed-in user (id, name, tenant, role); never a secret.</summary>
public sealed record WhoAmI(string Profile, string Url, string? TenantId, string? TenantName, string? Plan, string? KeyPrefix, string? Role, bool Admin)
{
    public string? UserId { get; init; }
    public string? User { get; init; }
    public string? Email { get; init; }
    public string? Kind { get; init; }
    public List<MeMembership>? Memberships { get; init; }
}

/// <summary>What a login saved: with a key its prefix, with a sign-in the user and the tenant and role it acts with.</summary>
public sealed record LoginResult(string Profile, string Url, string? TenantId, string? KeyPrefix)
{
    public string? Method { get; init; }
    public string? UserId { get; init; }
    public string? User { get; init; }
    public string? Role { get; init; }
}

public static class AuthCommands
{
    public static Command Login(CliHost host, Globals globals)
    {
        var url = new Option<string>("--url") { Description = "The marketplace's address, e.g. http://127.0.0.1:7071", Required = true };
        var key = new Option<string?>("--key") { Description = "An API key (or set MKT_KEY); '-' reads it from standard input" };
        var device = new Option<bool>("--device") { Description = "Sign in with a code entered on any browser (device authorization, RFC 8628)" };
        var noBrowser = new Option<bool>("--no-browser") { Description = "Print the sign-in address instead of opening a browser" };
        var clientId = new Option<string?>("--client-id") { Description = $"The CLI's client id at the issuer (default {OAuthClient.DefaultClientId})" };
        var tenant = new Option<string?>("--tenant") { Description = "Act for this tenant (one of your memberships; sent as X-Tenant)" };
        var command = new Command("login",
            "Sign in to a marketplace (browser, or --device) or save an API key (--key) as a profile; checked against the API first.")
            { url, key, device, noBrowser, clientId, tenant }
            .Describe("mkt login --url https://mkt.example.com", "mkt login --url https://mkt.example.com --device --tenant acme",
                "mkt login --url http://127.0.0.1:7071 --key \"$(cat .local/demo-key)\"", "mkt login --url https://mkt.example.com --key - --profile prod < key.txt");
        command.Handle(host, globals, async (context, parse, ct) =>
        {
            var baseUrl = CliContext.ParseUrl(parse.GetRequiredValue(url));
            var secret = parse.GetValue(key) is "-" ? (await Console.In.ReadLineAsync(ct))?.Trim() : parse.GetValue(key) ?? host.Environment("MKT_KEY");
            if (parse.GetValue(device) && !string.IsNullOrEmpty(secret)) throw CliException.Usage("Give either --key or --device, not both.");
            if (string.IsNullOrEmpty(secret))
            {
                using var http = new HttpClient();
                var oauth = new OAuthClient(http);
                var target = await oauth.DiscoverAsync(baseUrl, parse.GetValue(clientId) ?? OAuthClient.DefaultClientId, ct);
                if (target is not null)
                {
                    var useDevice = parse.GetValue(device);
                    var tokens = useDevice
                        ? await DeviceFlow.SignInAsync(oauth, target, host.Err, TimeProvider.System, ct)
                        : await LoopbackFlow.SignInAsync(oauth, target, host.Err, parse.GetValue(noBrowser) ? null : host.OpenBrowser, ct);
                    return await SaveSignInAsync(context, baseUrl, Sessions.From(target, tokens, TimeProvider.System), parse.GetValue(tenant), useDevice ? "device" : "browser", ct);
                }
                if (parse.GetValue(device))
                    throw CliException.Usage("Sign-in with OIDC is not configured on this platform; log in with an API key: mkt login --url URL --key KEY.");
                if (host.Interactive) secret = await context.Console.PromptAsync(new TextPrompt<string>("API key:").Secret(), ct);
                if (string.IsNullOrEmpty(secret)) throw CliException.Usage("This platform offers no sign-in: give an API key with --key KEY (or '--key -' to read it from standard input).");
            }

            using var client = new MarketplaceClient(baseUrl, secret);
            var who = await DescribeAsync(client, "", baseUrl.ToString(), secret, ct);
            var config = context.Config.Load();
            var name = context.ProfileName ?? config.Current;
            config.Profiles[name] = new Profile(baseUrl.ToString().TrimEnd('/'), secret);
            context.Config.Save(config with { Current = name });
            context.Write(new LoginResult(name, baseUrl.ToString().TrimEnd('/'), who.TenantId, who.KeyPrefix) { Method = "key" }, CliJson.Default.LoginResult,
                c => c.WriteLine($"Logged in to {baseUrl} as {who.TenantId ?? "platform admin"} (profile '{name}', saved in {context.Config.Path})."));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// Checks the new tokens with <c>GET /api/me</c> and saves them. Without --tenant the profile keeps the tenant the
    /// platform chose (the only or oldest membership), so later commands act for the same tenant.
    /// </summary>
    static async Task<int> SaveSignInAsync(CliContext context, Uri baseUrl, SignInSession session, string? tenant, string method, CancellationToken ct)
    {
        var config = context.Config.Load();
        var name = context.ProfileName ?? config.Current;
        var profile = new Profile(baseUrl.ToString().TrimEnd('/'), null) { SignIn = session, Tenant = tenant };
        Me me;
        using (var client = new MarketplaceClient(baseUrl, null, new SignInHandler(context.Config, name, profile, TimeProvider.System)))
            me = await client.GetMeAsync(ct);
        profile = profile with { Tenant = me.CurrentTenant };
        config = context.Config.Load();
        config.Profiles[name] = profile;
        context.Config.Save(config with { Current = name });
        var result = new LoginResult(name, profile.Url, me.CurrentTenant, null) { Method = method, UserId = me.UserId, User = me.DisplayName, Role = me.CurrentRole };
        context.Write(result, CliJson.Default.LoginResult, c => c.WriteLine(
            $"Signed in to {profile.Url} as {me.DisplayName ?? me.UserId}{(me.CurrentTenant is null ? " (no tenant yet: accept an invitation)" : $", {me.CurrentRole} of {me.CurrentTenant}")} (profile '{name}', saved in {context.Config.Path})."));
        return ExitCodes.Ok;
    }

    public static Command Logout(CliHost host, Globals globals)
    {
        var command = new Command("logout", "Forget the profile's API key or sign-in (the refresh token is revoked at the issuer).").Describe("mkt logout", "mkt logout --profile prod");
        command.Handle(host, globals, async (context, _, ct) =>
        {
            var config = context.Config.Load();
            var name = context.ProfileName ?? config.Current;
            if (!config.Profiles.Remove(name, out var profile)) throw new CliException(ExitCodes.NotFound, $"No profile '{name}'.");
            context.Config.Save(config);
            if (profile.SignIn is { } session)
            {
                using var http = new HttpClient();
                // Forgotten here either way; an issuer that cannot be reached keeps the token until it expires.
                var revoked = await RevokeQuietlyAsync(new OAuthClient(http), session, ct);
                if (!revoked) context.Progress("note: the issuer did not confirm revoking the sign-in; it ends when its refresh token expires.");
            }
            context.Write(new Removed("profile", name), CliJson.Default.Removed, c => c.WriteLine($"Logged out of profile '{name}'."));
            return ExitCodes.Ok;
        });
        return command;
    }

    static async Task<bool> RevokeQuietlyAsync(OAuthClient oauth, SignInSession session, CancellationToken ct)
    {
        try
        {
            return await oauth.RevokeAsync(session, ct);
        }
        catch (CliException)
        {
            return false;
        }
    }

    public static Command WhoAmI(CliHost host, Globals globals)
    {
        var command = new Command("whoami", "Show the marketplace, user or key, tenant and role in use (never a secret).").Describe("mkt whoami", "mkt whoami -o json");
        command.Handle(host, globals, async (context, _, ct) =>
        {
            var (name, profile) = context.ResolveProfile();
            if (!CliContext.HasCredential(profile)) throw CliException.NotLoggedIn();
            using var client = context.Client();
            var who = profile!.Key is { Length: > 0 } secret ? await DescribeAsync(client, name, profile.Url, secret, ct) : await DescribeSignInAsync(client, name, profile.Url, ct);
            context.Write(who, CliJson.Default.WhoAmI, c =>
            {
                c.WriteLine($"URL:     {who.Url}");
                c.WriteLine($"Profile: {who.Profile}");
                if (who.UserId is not null)
                {
                    c.WriteLine($"User:    {who.User ?? who.UserId}{(who.Email is null ? "" : $" <{who.Email}>")} ({who.Kind} {who.UserId})");
                    c.WriteLine(who.TenantId is null ? "Tenant:  none (accept an invitation)" : $"Tenant:  {who.TenantId}{(who.TenantName is null ? "" : $" ({who.TenantName}, plan {who.Plan})")}, role {who.Role}");
                    foreach (var other in who.Memberships?.Where(m => m.TenantId != who.TenantId) ?? [])
                        c.WriteLine($"         also {other.Role} of {other.TenantId} (mkt login --tenant {other.TenantId})");
                }
                else if (who.Admin) c.WriteLine("Key:     platform admin");
                else
                {
                    c.WriteLine($"Tenant:  {who.TenantId} ({who.TenantName}, plan {who.Plan})");
                    c.WriteLine($"Key:     {who.KeyPrefix}{(who.Role is null ? "" : $" (role {who.Role})")}");
                }
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Marketplace keys read <c>mk.{tenant}.{keyId}.{secret}</c>: the public part says whose key it is.</summary>
    public static (string TenantId, string KeyId)? ParseKey(string key) =>
        key.Split('.') is ["mk", { Length: > 0 } tenant, { Length: > 0 } keyId, { Length: > 0 }] ? (tenant, keyId) : null;

    /// <summary>The key's tenant for commands that act on "my tenant"; admins name it with --tenant.</summary>
    public static string TenantOf(CliContext context, string? explicitTenant)
    {
        if (explicitTenant is not null) return explicitTenant;
        var (_, profile) = context.ResolveProfile();
        if (!CliContext.HasCredential(profile)) throw CliException.NotLoggedIn();
        if (profile!.Key is not { Length: > 0 } key)
            return profile.Tenant ?? throw CliException.Usage("This sign-in acts for no tenant: name one with --tenant.");
        return ParseKey(key)?.TenantId ?? throw CliException.Usage("This key belongs to no tenant: name one with --tenant.");
    }

    static async Task<WhoAmI> DescribeSignInAsync(MarketplaceClient client, string profile, string url, CancellationToken ct)
    {
        var me = await client.GetMeAsync(ct);
        Tenant? tenant = null;
        if (me.CurrentTenant is { } tenantId)
        {
            try
            {
                tenant = await client.GetTenantAsync(tenantId, ct);
            }
            catch (MarketplaceApiException e) when (e.Status == 403)
            {
                // A role that may not read the tenant's record still has its id and role from /api/me.
            }
        }
        return new WhoAmI(profile, url.TrimEnd('/'), me.CurrentTenant, tenant?.Name, tenant?.Plan, null, me.CurrentRole, Admin: false)
        {
            UserId = me.UserId, User = me.DisplayName, Email = me.Email, Kind = me.Kind, Memberships = me.Memberships,
        };
    }

    static async Task<WhoAmI> DescribeAsync(MarketplaceClient client, string profile, string url, string secret, CancellationToken ct)
    {
        if (ParseKey(secret) is not var (tenantId, keyId))
        {
            // Not a tenant key: only the platform admin key can still read the registry with it.
            await client.SearchAgentsAsync(new AgentSearchQuery(Limit: 1), ct);
            return new WhoAmI(profile, url, null, null, null, null, null, Admin: true);
        }
        var tenant = await client.GetTenantAsync(tenantId, ct);
        string? role = null;
        try
        {
            role = (await client.ListKeysAsync(tenantId, ct)).FirstOrDefault(k => k.KeyId == keyId)?.Role;
        }
        catch (MarketplaceApiException e) when (e.Status == 403)
        {
            // Only owners list keys; other roles simply do not see theirs.
        }
        return new WhoAmI(profile, url.TrimEnd('/'), tenant.Id, tenant.Name, tenant.Plan, $"mk.{tenantId}.{keyId}", role, Admin: false);
    }
}

/// <summary>What a delete or logout removed.</summary>
public sealed record Removed(string Kind, string Id);
