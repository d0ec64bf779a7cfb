using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Marketplace.Client;
using Marketplace.Client.Models;
using Spectre.Console;

namespace Marketplace.Cli.Commands;

public static class ToolCommands
{
    static ClientJson J => ClientJson.Default;

    public static Command Tools(CliHost host, Globals globals) =>
        new("tools", "The tools your tenant's MCP clients see (HTTP tools, agent skills, federated servers' tools).")
        {
            List(host, globals), Add(host, globals), Remove(host, globals), Approve(host, globals), Metrics(host, globals),
        };

    static Command List(CliHost host, Globals globals)
    {
        var command = new Command("list", "Your tools and whether each is approved.").Describe("mkt tools list");
        command.Handle(host, globals, async (context, _, ct) =>
        {
            using var client = context.Client();
            var tools = await client.ListToolsAsync(ct);
            context.Write(tools, J.ListRegisteredTool, c =>
            {
                var table = new Table().AddColumns("Tool", "Status", "Description");
                foreach (var t in tools) table.AddRow(Markup.Escape(t.Name), t.Status ?? "", Markup.Escape(t.Description));
                c.Write(table);
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Add(CliHost host, Globals globals)
    {
        var file = new Argument<FileInfo>("file") { Description = "The tool as JSON: name, description, inputSchema and one of http or skill" };
        var command = new Command("add", "Register an HTTP tool or an agent skill as a tool.") { file }
            .Describe("mkt tools add weather.json   # {\"name\":\"weather\",\"http\":{\"url\":\"https://…\",\"method\":\"GET\"}}");
        command.Handle(host, globals, async (context, parse, ct) =>
        {
            var path = parse.GetRequiredValue(file).FullName;
            var json = Inputs.ReadJsonFile(path);
            CreateToolRequest body;
            try
            {
                body = json.Deserialize(J.CreateToolRequest) ?? throw CliException.Usage($"{path} holds no tool.");
            }
            catch (JsonException e)
            {
                throw CliException.Usage($"{path} is not a tool definition: {e.Message}");
            }
            using var client = context.Client();
            var tool = await client.CreateToolAsync(body, ct);
            context.Write(tool, J.RegisteredTool, c => c.WriteLine($"Registered {tool.Name} ({tool.Status})." + (tool.Status == "approved" ? "" : $" Review it, then: mkt tools approve {tool.Name}")));
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Remove(CliHost host, Globals globals)
    {
        var name = new Argument<string>("tool") { Description = "Tool name" };
        var command = new Command("remove", "Remove a tool.") { name }.Describe("mkt tools remove weather");
        command.Handle(host, globals, async (context, parse, ct) =>
        {
            using var client = context.Client();
            var tool = parse.GetRequiredValue(name);
            await client.DeleteToolAsync(tool, ct);
            context.Write(new Removed("tool", tool), CliJson.Default.Removed, c => c.WriteLine($"Removed {tool}."));
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Approve(CliHost host, Globals globals)
    {
        var name = new Argument<string>("tool") { Description = "Tool name" };
        var hash = new Option<string?>("--hash") { Description = "The definition hash you reviewed (default: the current one, shown by mkt tools list -o json)" };
        var command = new Command("approve", "Approve a tool's current definition, pinned by its hash: a later change blocks it until approved again.") { name, hash }
            .Describe("mkt tools approve weather", "mkt tools approve weather --hash 3F2A…");
        command.Handle(host, globals, async (context, parse, ct) =>
        {
            using var client = context.Client();
            var tool = parse.GetRequiredValue(name);
            var definitionHash = parse.GetValue(hash) ?? (await client.GetToolAsync(tool, ct)).DefinitionHash;
            var approved = await client.ApproveToolAsync(tool, new ApproveToolRequest(definitionHash), ct);
            context.Write(approved, J.RegisteredTool, c => c.WriteLine($"Approved {approved.Name} ({approved.DefinitionHash})."));
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Metrics(CliHost host, Globals globals)
    {
        var name = new Argument<string>("tool") { Description = "Tool name" };
        var hours = new Option<int?>("--hours") { Description = "Window in hours, 1–720 (default 24)" };
        var command = new Command("metrics", "Calls, errors and latency percentiles of a tool.") { name, hours }.Describe("mkt tools metrics weather --hours 168");
        command.Handle(host, globals, async (context, parse, ct) =>
        {
            using var client = context.Client();
            var metrics = await client.ToolMetricsAsync(parse.GetRequiredValue(name), parse.GetValue(hours), ct);
            static string Ms(double? v) => v?.ToString("0.0", CultureInfo.InvariantCulture) ?? "–";
            context.Write(metrics, J.ToolMetrics, c =>
                c.WriteLine($"{metrics.Tool} since {metrics.Since:u}: {metrics.Calls} calls, {metrics.Errors} errors, p50 {Ms(metrics.P50Ms)} ms, p95 {Ms(metrics.P95Ms)} ms, p99 {Ms(metrics.P99Ms)} ms"));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command McpServers(CliHost host, Globals globals)
    {
        var prefix = new Argument<string>("prefix") { Description = "The prefix its tools get: {prefix}.{tool}" };
        var url = new Argument<string>("url") { Description = "The server's Streamable HTTP endpoint" };
        var header = new Option<string[]>("--header") { Description = "NAME=VALUE sent to the server (repeatable)" };
        var secretHeader = new Option<string[]>("--secret-header") { Description = "NAME=SECRET: the header's value is the tenant secret SECRET, kept in the platform's settings (repeatable)" };
        var noApprove = new Option<bool>("--no-approve") { Description = "Leave the tools found pending until approved one by one" };
        var add = new Command("add", "Federate an upstream MCP server: its tools join your registry.") { prefix, url, header, secretHeader, noApprove }
            .Describe("mkt mcp-servers add docs https://mcp.example.com/mcp --secret-header Authorization=docs-token",
                "mkt mcp-servers add wiki https://wiki.example.com/mcp --header X-Team=platform --no-approve");
        add.Handle(host, globals, async (context, parse, ct) =>
        {
            var headers = Headers(parse.GetValue(header), "--header", (n, v) => new ToolHeader(n, Value: v))
                .Concat(Headers(parse.GetValue(secretHeader), "--secret-header", (n, v) => new ToolHeader(n, Secret: v))).ToList();
            using var client = context.Client();
            var sync = await client.AddMcpServerAsync(new CreateMcpServerRequest(parse.GetRequiredValue(prefix), parse.GetRequiredValue(url))
            {
                Headers = headers.Count > 0 ? headers : null,
                Approve = !parse.GetValue(noApprove),
            }, ct);
            context.Write(sync, J.McpServerSync, c => RenderSync(c, sync));
            return ExitCodes.Ok;
        });

        var syncPrefix = new Argument<string>("prefix") { Description = "The server's prefix" };
        var sync = new Command("sync", "Re-read a server's tools; changed ones are blocked until approved again.") { syncPrefix }.Describe("mkt mcp-servers sync docs");
        sync.Handle(host, globals, async (context, parse, ct) =>
        {
            using var client = context.Client();
            var result = await client.SyncMcpServerAsync(parse.GetRequiredValue(syncPrefix), ct);
            context.Write(result, J.McpServerSync, c => RenderSync(c, result));
            return ExitCodes.Ok;
        });

        var removePrefix = new Argument<string>("prefix") { Description = "The server's prefix" };
        var remove = new Command("remove", "Remove a federated server and its tools.") { removePrefix }.Describe("mkt mcp-servers remove docs");
        remove.Handle(host, globals, async (context, parse, ct) =>
        {
            using var client = context.Client();
            var p = parse.GetRequiredValue(removePrefix);
            await client.RemoveMcpServerAsync(p, ct);
            context.Write(new Removed("mcp-server", p), CliJson.Default.Removed, c => c.WriteLine($"Removed {p} and its tools."));
            return ExitCodes.Ok;
        });

        return new Command("mcp-servers", "Upstream MCP servers federated into your tool registry.") { add, sync, remove };
    }

    static IEnumerable<ToolHeader> Headers(string[]? values, string option, Func<string, string, ToolHeader> create) =>
        (values ?? []).Select(h => h.Split('=', 2) is [{ Length: > 0 } name, var value] ? create(name, value) : throw CliException.Usage($"{option} '{h}' is not NAME=VALUE."));

    static void RenderSync(IAnsiConsole c, McpServerSync sync)
    {
        c.WriteLine($"{sync.Prefix}: {sync.Added.Count} added, {sync.Changed.Count} changed (blocked until approved), {sync.Removed.Count} removed, {sync.Unchanged} unchanged.");
        foreach (var name in sync.Added) c.WriteLine($"  + {name}");
        foreach (var name in sync.Changed) c.WriteLine($"  ~ {name}");
        foreach (var name in sync.Removed) c.WriteLine($"  - {name}");
    }
}
