using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace Marketplace.Cli;

/// <summary><c>--version</c>: this tool's version, whichever program hosts the command tree.</summary>
public sealed class PrintVersion : SynchronousCommandLineAction
{
    public static string Version =>
        typeof(PrintVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(Version);
        return ExitCodes.Ok;
    }
}
