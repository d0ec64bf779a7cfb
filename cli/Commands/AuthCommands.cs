using System.CommandLine;
using Marketplace.Cli.Config;
using Marketplace.Client;
using Marketplace.Client.Models;
using Spectre.Console;
using Profile = Marketplace.Cli.Config.Profile;

namespace Marketplace.Cli.Commands;

/// <summary>Who the key belongs to; never the key itself.</summary>
public sealed record WhoAmI(string Profile, string Url, string? TenantId, string? TenantName, string? Plan, string? KeyPrefix, string? Role, bool Admin);

public sealed record LoginResult(string Profile, string Url, string? TenantId, string? KeyPrefix);

public static class AuthCommands
{
    public static Command Login(CliHost host, Globals globals)
    {
        var url = new Option<string>("--url") { Description = "The marketplace's address, e.g. http://127.0.0.1:7071", Required = true };
        var key = new Option<string?>("--key") { Description = "An API key (or set MKT_KEY; asked for at a terminal); '-' reads it from standard input" };
        var device = new Option<bool>("--device") { Description = "Sign in with a device code (needs OIDC sign-in on the platform)" };
        var command = new Command("login", "Save a marketplace URL and API key as a profile (checked against the API first).") { url, key, device }
            .Describe("mkt login --url http://127.0.0.1:7071 --key \"$(cat .local/demo-key)\"", "mkt login --url https://mkt.example.com --key - --profile prod < key.txt");
        command.Handle(host, globals, async (context, parse, ct) =>
        {
            if (parse.GetValue(device))
                throw CliException.Usage("Sign-in with OIDC is not configured on this platform; log in with an API key: mkt login --url URL --key KEY.");
            var baseUrl = CliContext.ParseUrl(parse.GetRequiredValue(url));
            var secret = parse.GetValue(key) is "-" ? (await Console.In.ReadLineAsync(ct))?.Trim() : parse.GetValue(key) ?? host.Environment("MKT_KEY");
            if (string.IsNullOrEmpty(secret) && host.Interactive)
                secret = await context.Console.PromptAsync(new TextPrompt<string>("API key:").Secret(), ct);
            if (string.IsNullOrEmpty(secret)) throw CliException.Usage("Give an API key with --key KEY (or '--key -' to read it from standard input).");

            using var client = new MarketplaceClient(baseUrl, secret);
            var who = await DescribeAsync(client, "", baseUrl.ToString(), secret, ct);
            var config = context.Config.Load();
            var name = context.ProfileName ?? config.Current;
            config.Profiles[name] = new Profile(baseUrl.ToString().TrimEnd('/'), secret);
            context.Config.Save(config with { Current = name });
            context.Write(new LoginResult(name, baseUrl.ToString().TrimEnd('/'), who.TenantId, who.KeyPrefix), CliJson.Default.LoginResult,
                c => c.WriteLine($"Logged in to {baseUrl} as {who.TenantId ?? "platform admin"} (profile '{name}', saved in {context.Config.Path})."));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Logout(CliHost host, Globals globals)
    {
        var command = new Command("logout", "Forget the profile's API key.").Describe("mkt logout", "mkt logout --profile prod");
        command.Handle(host, globals, (context, _, _) =>
        {
            var config = context.Config.Load();
            var name = context.ProfileName ?? config.Current;
            if (!config.Profiles.Remove(name)) throw new CliException(ExitCodes.NotFound, $"No profile '{name}'.");
            context.Config.Save(config);
            context.Write(new Removed("profile", name), CliJson.Default.Removed, c => c.WriteLine($"Logged out of profile '{name}'."));
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    public static Command WhoAmI(CliHost host, Globals globals)
    {
        var command = new Command("whoami", "Show the marketplace, tenant and key in use (never the key's secret).").Describe("mkt whoami", "mkt whoami -o json");
        command.Handle(host, globals, async (context, _, ct) =>
        {
            var (name, profile) = context.ResolveProfile();
            if (profile is not { Key: { Length: > 0 } secret }) throw CliException.NotLoggedIn();
            using var client = context.Client();
            var who = await DescribeAsync(client, name, profile.Url, secret, ct);
            context.Write(who, CliJson.Default.WhoAmI, c =>
            {
                c.WriteLine($"URL:     {who.Url}");
                c.WriteLine($"Profile: {who.Profile}");
                if (who.Admin) c.WriteLine("Key:     platform admin");
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
        if (profile?.Key is null) throw CliException.NotLoggedIn();
        return ParseKey(profile.Key)?.TenantId ?? throw CliException.Usage("This key belongs to no tenant: name one with --tenant.");
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
