using System.CommandLine;
using Marketplace.Client;
using Marketplace.Client.Models;
using Spectre.Console;

namespace Marketplace.Cli.Commands;

public static class RunCommands
{
    static ClientJson J => ClientJson.Default;

    public static Command Build(CliHost host, Globals globals) =>
        new("runs", "Start, follow and steer workflow runs.")
        {
            Start(host, globals), Watch(host, globals), Approve(host, globals), Show(host, globals), List(host, globals), Cancel(host, globals),
        };

    static Command Start(CliHost host, Globals globals)
    {
        var workflow = new Argument<string>("workflow") { Description = "Workflow id" };
        var input = new Option<string?>("--input") { Description = "The run's input: JSON, or @file" };
        var version = new Option<int?>("--version") { Description = "Run this version (default: the latest)" };
        var wait = new Option<bool>("--wait") { Description = "Follow the run step by step until it ends; exit 0 only if it completed" };
        var key = new Option<string?>("--idempotency-key") { Description = "Starting again with the same key returns the same run" };
        var command = new Command("start", "Start a run of a workflow.") { workflow, input, version, wait, key }
            .Describe("mkt runs start research-report --input '{\"topic\":\"solar\"}' --wait", "mkt runs start order-saga --input @order.json -o json");
        command.Handle(host, globals, async (context, parse, ct) =>
        {
            var body = new StartRunRequest { Input = parse.GetValue(input) is { } i ? Inputs.JsonOrFile(i) : null, Version = parse.GetValue(version) };
            using var client = context.Client();
            var run = await client.StartRunAsync(parse.GetRequiredValue(workflow), body, parse.GetValue(key), ct);
            if (!parse.GetValue(wait))
            {
                context.Write(run, J.WorkflowRun, c => c.WriteLine($"Started run {run.RunId} of {run.WorkflowId} version {run.Version}. Follow it with: mkt runs watch {run.RunId}"));
                return ExitCodes.Ok;
            }
            context.Progress($"Run {run.RunId} of {run.WorkflowId} version {run.Version} started.");
            return await FollowAsync(context, client, run.RunId, ct);
        });
        return command;
    }

    static Command Watch(CliHost host, Globals globals)
    {
        var run = new Argument<string>("run") { Description = "Run id" };
        var command = new Command("watch", "Follow a run step by step until it ends (Ctrl-C stops watching, not the run).") { run }
            .Describe("mkt runs watch r-1234", "mkt runs watch r-1234 -o json   # progress on stderr, the final run on stdout");
        command.Handle(host, globals, async (context, parse, ct) =>
        {
            using var client = context.Client();
            return await FollowAsync(context, client, parse.GetRequiredValue(run), ct);
        });
        return command;
    }

    /// <summary>Prints each step as it changes, then the finished run; exits 0 only if the run completed.</summary>
    public static async Task<int> FollowAsync(CliContext context, MarketplaceClient client, string runId, CancellationToken ct)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            while (true)
            {
                WorkflowRun? last = null;
                await foreach (var e in client.WatchRunAsync(runId, ct))
                {
                    if (e.Step is { } step && (!seen.TryGetValue(step.StepPath, out var state) || state != step.State))
                    {
                        seen[step.StepPath] = step.State;
                        context.Progress(StepLine(step));
                    }
                    if (e.Run is { } run) last = run;
                    if (last?.IsFinished == true) break;
                }
                if (last?.IsFinished == true) break;
                // The stream ended early (a restart, a proxy timeout): look again, and follow on if it still runs.
                if ((await client.GetRunAsync(runId, ct)).Run.IsFinished) break;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            context.Progress($"Stopped watching run {runId}; it goes on. Resume with: mkt runs watch {runId}");
            return ExitCodes.Interrupted;
        }
        var final = await client.GetRunAsync(runId, ct);
        context.Write(final, J.RunView, c => Summary(c, final));
        return final.Run.State == "completed" ? ExitCodes.Ok : ExitCodes.Failure;
    }

    static string StepLine(RunStep step)
    {
        var mark = step.State switch { "completed" => "✓", "failed" => "✗", "waiting" => "…", "running" => "▶", _ => "•" };
        var took = step.FinishedAt is { } end ? $" in {(end - step.StartedAt).TotalSeconds:0.0}s" : "";
        var detail = step.State == "waiting" && step.Prompt is { } prompt ? $": {prompt}" : step.Error is { } error ? $": {error}" : "";
        return $"  {mark} {step.StepPath} ({step.Kind}) {step.State}{took}{detail}";
    }

    static void Summary(IAnsiConsole c, RunView view)
    {
        var run = view.Run;
        c.WriteLine($"Run {run.RunId}: {run.State}" + (run.Error is { } e ? $": {e}" : ""));
        if (run.Output is { } output) c.WriteLine(Output.JsonText.Format(output));
    }

    static Command Approve(CliHost host, Globals globals)
    {
        var run = new Argument<string>("run") { Description = "Run id" };
        var step = new Argument<string>("step") { Description = "The approval step waiting for a decision" };
        var reject = new Option<bool>("--reject") { Description = "Reject instead of approving" };
        var comment = new Option<string?>("--comment") { Description = "Why (kept with the decision)" };
        var command = new Command("approve", "Approve (or --reject) a run's waiting approval step.") { run, step, reject, comment }
            .Describe("mkt runs approve r-1234 manager-ok", "mkt runs approve r-1234 manager-ok --reject --comment \"too expensive\"");
        command.Handle(host, globals, async (context, parse, ct) =>
        {
            using var client = context.Client();
            var decision = parse.GetValue(reject) ? "reject" : "approve";
            var decided = await client.DecideAsync(parse.GetRequiredValue(run), new ApprovalRequest(parse.GetRequiredValue(step), decision) { Comment = parse.GetValue(comment) }, ct);
            context.Write(decided, J.RunStep, c => c.WriteLine($"{(decision == "approve" ? "Approved" : "Rejected")} {decided.StepPath}."));
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Show(CliHost host, Globals globals)
    {
        var run = new Argument<string>("run") { Description = "Run id" };
        var command = new Command("show", "A run with every step's state, timings and output.") { run }.Describe("mkt runs show r-1234 -o json");
        command.Handle(host, globals, async (context, parse, ct) =>
        {
            using var client = context.Client();
            var view = await client.GetRunAsync(parse.GetRequiredValue(run), ct);
            context.Write(view, J.RunView, c =>
            {
                var table = new Table().AddColumns("Step", "Kind", "State", "Attempt", "Started", "Finished");
                foreach (var s in view.Steps)
                    table.AddRow(Markup.Escape(s.StepPath), s.Kind, s.State, s.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture), s.StartedAt.ToString("u"), s.FinishedAt?.ToString("u") ?? "");
                c.Write(table);
                Summary(c, view);
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command List(CliHost host, Globals globals)
    {
        var workflow = new Option<string?>("--workflow") { Description = "Only this workflow's runs" };
        var state = new Option<string?>("--state") { Description = "Only runs in this state (running, completed, failed…)" };
        var limit = new Option<int?>("--limit") { Description = "Page size, 1–100" };
        var command = new Command("list", "Your runs, newest first.") { workflow, state, limit }.Describe("mkt runs list --workflow research-report --state failed");
        command.Handle(host, globals, async (context, parse, ct) =>
        {
            using var client = context.Client();
            var page = await client.ListRunsAsync(parse.GetValue(workflow), parse.GetValue(state), parse.GetValue(limit), ct: ct);
            context.Write(page, J.RunPage, c =>
            {
                var table = new Table().AddColumns("Run", "Workflow", "Version", "State", "Created");
                foreach (var r in page.Items)
                    table.AddRow(Markup.Escape(r.RunId), Markup.Escape(r.WorkflowId), r.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), r.State, r.CreatedAt.ToString("u"));
                c.Write(table);
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Cancel(CliHost host, Globals globals)
    {
        var run = new Argument<string>("run") { Description = "Run id" };
        var command = new Command("cancel", "Cancel a run and its agent tasks in flight.") { run }.Describe("mkt runs cancel r-1234");
        command.Handle(host, globals, async (context, parse, ct) =>
        {
            using var client = context.Client();
            var cancelled = await client.CancelRunAsync(parse.GetRequiredValue(run), ct);
            context.Write(cancelled, J.WorkflowRun, c => c.WriteLine($"Cancelling run {cancelled.RunId}."));
            return ExitCodes.Ok;
        });
        return command;
    }
}
