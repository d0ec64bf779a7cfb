using System.CommandLine;
using Marketplace.Client;
using Marketplace.Client.Models;
using Spectre.Console;

namespace Marketplace.Cli.Commands;

public static class KeyCommands
{
    static ClientJson J => ClientJson.Default;

    static Option<string?> TenantOption() => new("--tenant") { Description = "The tenant (default: the tenant of your key; the platform admin must name one)" };

    public static Command Build(CliHost host, Globals globals) =>
        new("keys", "Your tenant's API keys (owners only).") { Create(host, globals), List(host, globals), Revoke(host, globals) };

    static Command Create(CliHost host, Globals globals)
    {
        var role = new Option<string>("--role") { Description = "owner, developer, publisher, reader or agent", Required = true };
        role.AcceptOnlyFromAmong("owner", "developer", "publisher", "reader", "agent");
        var name = new Option<string?>("--name") { Description = "A name to recognise it by" };
        var tenant = TenantOption();
        var command = new Command("create", "Create an API key. Its secret is shown this once: store it now.") { role, name, tenant }
            .Describe("mkt keys create --role developer --name ci", "KEY=$(mkt keys create --role reader -o json | jq -r .key)");
        command.Handle(host, globals, async (context, parse, ct) =>
        {
            using var client = context.Client();
            var created = await client.CreateKeyAsync(AuthCommands.TenantOf(context, parse.GetValue(tenant)), new CreateApiKeyRequest(parse.GetRequiredValue(role), parse.GetValue(name)), ct);
            context.Write(created, J.CreatedApiKey, c =>
            {
                c.WriteLine($"Created key {created.KeyId} ({created.Name}, role {created.Role}):");
                c.WriteLine(created.Key);
                c.WriteLine("This is the only time the key is shown.");
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command List(CliHost host, Globals globals)
    {
        var tenant = TenantOption();
        var command = new Command("list", "Your keys (never their secrets).") { tenant }.Describe("mkt keys list");
        command.Handle(host, globals, async (context, parse, ct) =>
        {
            using var client = context.Client();
            var keys = await client.ListKeysAsync(AuthCommands.TenantOf(context, parse.GetValue(tenant)), ct);
            context.Write(keys, J.ListApiKeyView, c =>
            {
                var table = new Table().AddColumns("Key id", "Name", "Role", "Prefix", "Created", "Revoked");
                foreach (var k in keys) table.AddRow(Markup.Escape(k.KeyId), Markup.Escape(k.Name), k.Role, Markup.Escape(k.Prefix), k.CreatedAt.ToString("u"), k.RevokedAt?.ToString("u") ?? "");
                c.Write(table);
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Revoke(CliHost host, Globals globals)
    {
        var keyId = new Argument<string>("key-id") { Description = "The key's id (see mkt keys list)" };
        var tenant = TenantOption();
        var command = new Command("revoke", "Revoke a key: it stops working at once.") { keyId, tenant }.Describe("mkt keys revoke k3x9…");
        command.Handle(host, globals, async (context, parse, ct) =>
        {
            using var client = context.Client();
            var id = parse.GetRequiredValue(keyId);
            await client.RevokeKeyAsync(AuthCommands.TenantOf(context, parse.GetValue(tenant)), id, ct);
            context.Write(new Removed("key", id), CliJson.Default.Removed, c => c.WriteLine($"Revoked key {id}."));
            return ExitCodes.Ok;
        });
        return command;
    }
}
