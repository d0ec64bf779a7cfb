using System.CommandLine;
using System.CommandLine.Help;
using Marketplace.Cli.Commands;
using Marketplace.Client;

namespace Marketplace.Cli;

/// <summary>The <c>mkt</c> command tree and how a command's outcome becomes output and an exit code.</summary>
public static class CliApp
{
    public static RootCommand Build(CliHost host)
    {
        var globals = new Globals();
        var root = new RootCommand("mkt: find, call and publish agents, run workflows and read your bill on the Agent Marketplace.")
        {
            globals.Output, globals.Profile, globals.Verbose,
        };
        foreach (var command in new[]
        {
            AuthCommands.Login(host, globals), AuthCommands.Logout(host, globals), AuthCommands.WhoAmI(host, globals),
            AgentCommands.Build(host, globals), SendCommands.Send(host, globals), SendCommands.Tasks(host, globals),
            WorkflowCommands.Build(host, globals), RunCommands.Build(host, globals), BillingCommands.Build(host, globals),
            KeyCommands.Build(host, globals), ReviewCommands.Build(host, globals), ToolCommands.Tools(host, globals),
            ToolCommands.McpServers(host, globals), CompletionCommand.Build(host),
        })
            root.Add(command);
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithExamples((HelpAction)help.Action!);
        root.Options.OfType<VersionOption>().Single().Action = new PrintVersion();
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliHost host, CancellationToken ct = default)
    {
        var parse = Build(host).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) await host.Err.WriteLineAsync($"error: {error.Message}");
            var path = string.Join(' ', parse.CommandResult.Command.Parents.OfType<Command>().Reverse().Select(c => c.Name).Append(parse.CommandResult.Command.Name).Skip(1));
            await host.Err.WriteLineAsync($"See 'mkt {(path.Length > 0 ? path + " " : "")}--help'.");
            return ExitCodes.Usage;
        }
        var invocation = new InvocationConfiguration { Output = host.Out, Error = host.Err, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        return await parse.InvokeAsync(invocation, ct);
    }

    /// <summary>Runs a command body, turning every failure into one readable line and its exit code.</summary>
    public static void Handle(this Command command, CliHost host, Globals globals, Func<CliContext, ParseResult, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parse, ct) =>
        {
            var context = new CliContext(host, globals, parse);
            try
            {
                return await body(context, parse, ct);
            }
            catch (Exception e)
            {
                var (code, lines) = e is OperationCanceledException && !ct.IsCancellationRequested
                    ? (ExitCodes.Failure, ["error: the request was abandoned before the marketplace answered."])
                    : Explain(e);
                foreach (var line in lines) await host.Err.WriteLineAsync(line);
                if (context.Verbose && code == ExitCodes.Failure) await host.Err.WriteLineAsync(e.ToString());
                return code;
            }
        });

    public static (int Code, IReadOnlyList<string> Lines) Explain(Exception e) => e switch
    {
        CliException cli => (cli.ExitCode, [$"error: {cli.Message}"]),
        MarketplaceApiException api => (CodeFor(api.Status), [$"error: {api.Message}", .. api.Problem.ErrorLines().Select(l => "  " + l)]),
        A2AException a2a => (a2a.HttpStatus is 401 or 403 ? ExitCodes.Auth : a2a.IsNotFound || a2a.HttpStatus == 404 ? ExitCodes.NotFound : ExitCodes.Failure,
            [$"error: {a2a.Message} (A2A error {a2a.Code})"]),
        MarketplaceUnreachableException net => (ExitCodes.Failure, [$"error: {net.Message}"]),
        OperationCanceledException => (ExitCodes.Interrupted, ["Interrupted."]),
        IOException or UnauthorizedAccessException => (ExitCodes.Failure, [$"error: {e.Message}"]),
        _ => (ExitCodes.Failure, [$"error: {e.Message}"]),
    };

    static int CodeFor(int status) => status switch
    {
        401 or 403 => ExitCodes.Auth,
        404 => ExitCodes.NotFound,
        _ => ExitCodes.Failure,
    };

    /// <summary>Worked examples that <c>--help</c> shows after the command's options.</summary>
    public static T Describe<T>(this T command, params string[] examples) where T : Command
    {
        HelpWithExamples.Examples.AddOrUpdate(command, examples);
        return command;
    }
}
