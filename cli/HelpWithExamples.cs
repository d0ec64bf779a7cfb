using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;

namespace Marketplace.Cli;

/// <summary>The standard help, followed by the command's examples (kept out of the one-line descriptions that listings show).</summary>
public sealed class HelpWithExamples(HelpAction standard) : SynchronousCommandLineAction
{
    public static readonly ConditionalWeakTable<Command, string[]> Examples = [];

    public override int Invoke(ParseResult parseResult)
    {
        var code = standard.Invoke(parseResult);
        if (Examples.TryGetValue(parseResult.CommandResult.Command, out var examples))
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Examples:");
            foreach (var example in examples) output.WriteLine("  " + example);
            output.WriteLine();
        }
        return code;
    }
}
