using System.CommandLine;
using System.Text.Json;
using Marketplace.Client;
using Marketplace.Client.Models;
using Marketplace.Workflows;
using Spectre.Console;

namespace Marketplace.Cli.Commands;

/// <summary>
/// What <c>mkt workflows validate</c> found: every problem by JSON path; <c>ServerChecked</c> when the marketplace
/// also checked agents, tools and references (a dry run that saves nothing).
/// </summary>
public sealed record ValidationReport(string File, bool Valid, IReadOnlyList<string> Errors, bool ServerChecked);

public static class WorkflowCommands
{
    static ClientJson J => ClientJson.Default;

    public static Command Build(CliHost host, Globals globals) =>
        new("workflows", "Design multi-agent workflows: validate, push and inspect definitions.")
        {
            Validate(host, globals), Push(host, globals), List(host, globals), Show(host, globals), Versions(host, globals),
        };

    /// <summary>
    /// Checks a definition's shape without the network, with the server's own check (<see cref="WorkflowShape"/>):
    /// the same problems at the same JSON paths in the same words, as lines like the server's (<c>path: message</c>).
    /// </summary>
    public static IReadOnlyList<string> CheckSchema(JsonElement definition) => [.. WorkflowShape.Validate(definition).Select(e => $"{e.Path}: {e.Message}")];

    static Command Validate(CliHost host, Globals globals)
    {
        var file = new Argument<FileInfo>("file") { Description = "The workflow definition (JSON)" };
        var offline = new Option<bool>("--offline") { Description = "Check against the workflow schema only, without asking the marketplace" };
        var command = new Command("validate",
            "Check a definition against the workflow schema, then (when logged in) have the marketplace check its agents, tools and references without saving it.") { file, offline }
            .Describe("mkt workflows validate docs/workflows/order-saga.json", "mkt workflows validate order-saga.json --offline");
        command.Handle(host, globals, async (context, parse, ct) =>
        {
            var path = parse.GetRequiredValue(file).FullName;
            var definition = Inputs.ReadJsonFile(path);
            var errors = CheckSchema(definition);
            var serverChecked = false;
            if (errors.Count == 0 && !parse.GetValue(offline) && CliContext.HasCredential(context.ResolveProfile().Profile))
            {
                using var client = context.Client();
                try
                {
                    await client.ValidateWorkflowAsync(definition, ct);
                }
                catch (MarketplaceApiException e) when (e.Status == 400)
                {
                    errors = [.. e.Problem.ErrorLines()];
                    if (errors.Count == 0) errors = [$"$: {e.Message}"];
                }
                serverChecked = true;
            }
            var report = new ValidationReport(path, errors.Count == 0, errors, serverChecked);
            context.Write(report, CliJson.Default.ValidationReport, c =>
            {
                if (report.Valid) c.WriteLine(serverChecked ? $"{path}: valid" : $"{path}: valid against the schema (log in for the marketplace's own check)");
                foreach (var e in errors) c.WriteLine(e);
            });
            return report.Valid ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

    static Command Push(CliHost host, Globals globals)
    {
        var file = new Argument<FileInfo>("file") { Description = "The workflow definition (JSON); its id names the workflow" };
        var command = new Command("push", "Create the workflow, or add its definition as a new version. Problems are listed by JSON path.") { file }
            .Describe("mkt workflows push research-report.json", "mkt workflows push order-saga.json -o json");
        command.Handle(host, globals, async (context, parse, ct) =>
        {
            var definition = Inputs.ReadJsonFile(parse.GetRequiredValue(file).FullName);
            var errors = CheckSchema(definition);
            if (errors.Count > 0) throw new CliException(ExitCodes.Failure, "The definition does not match the workflow schema:\n  " + string.Join("\n  ", errors));
            var id = definition.GetProperty("id").GetString()!;
            using var client = context.Client();
            WorkflowVersion version;
            try
            {
                await client.GetWorkflowAsync(id, ct);
                version = await client.AddWorkflowVersionAsync(id, definition, ct);
            }
            catch (MarketplaceApiException e) when (e.Status == 404)
            {
                version = await client.CreateWorkflowAsync(definition, ct);
            }
            context.Write(version, J.WorkflowVersion, c => c.WriteLine($"Pushed {version.WorkflowId} version {version.Version}."));
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command List(CliHost host, Globals globals)
    {
        var command = new Command("list", "Your tenant's workflows.").Describe("mkt workflows list");
        command.Handle(host, globals, async (context, _, ct) =>
        {
            using var client = context.Client();
            var workflows = await client.ListWorkflowsAsync(ct);
            context.Write(workflows, J.ListWorkflowSummary, c =>
            {
                var table = new Table().AddColumns("Workflow", "Name", "Latest", "Status", "Updated");
                foreach (var w in workflows)
                    table.AddRow(Markup.Escape(w.WorkflowId), Markup.Escape(w.Name), w.LatestVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), w.Status, w.UpdatedAt.ToString("u"));
                c.Write(table);
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Show(CliHost host, Globals globals)
    {
        var id = new Argument<string>("workflow") { Description = "Workflow id" };
        var command = new Command("show", "A workflow and its latest definition.") { id }.Describe("mkt workflows show research-report -o json");
        command.Handle(host, globals, async (context, parse, ct) =>
        {
            using var client = context.Client();
            var view = await client.GetWorkflowAsync(parse.GetRequiredValue(id), ct);
            context.Write(view, J.WorkflowView, c =>
            {
                c.WriteLine($"{view.Workflow.WorkflowId}: {view.Workflow.Name} (version {view.Latest.Version}, {view.Workflow.Status})");
                if (view.Workflow.Description is { } d) c.WriteLine(d);
                if (view.Latest.Definition.TryGetProperty("steps", out var steps))
                    foreach (var step in steps.EnumerateArray())
                        c.WriteLine($"  {step.GetProperty("id").GetString()} ({step.GetProperty("kind").GetString()})");
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Versions(CliHost host, Globals globals)
    {
        var id = new Argument<string>("workflow") { Description = "Workflow id" };
        var command = new Command("versions", "Every version of a workflow.") { id }.Describe("mkt workflows versions research-report");
        command.Handle(host, globals, async (context, parse, ct) =>
        {
            using var client = context.Client();
            var versions = await client.WorkflowVersionsAsync(parse.GetRequiredValue(id), ct);
            context.Write(versions, J.ListWorkflowVersion, c =>
            {
                var table = new Table().AddColumns("Version", "Created", "In use");
                foreach (var v in versions) table.AddRow(v.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), v.CreatedAt.ToString("u"), v.InUse ? "yes" : "no");
                c.Write(table);
            });
            return ExitCodes.Ok;
        });
        return command;
    }
}
