using System.CommandLine;
using Marketplace.Cli.Output;

namespace Marketplace.Cli;

/// <summary>Options every command accepts (recursive on the root), one set per command tree.</summary>
public sealed class Globals
{
    public Option<string> Output { get; } = CreateOutput();

    static Option<string> CreateOutput()
    {
        var option = new Option<string>("--output", "-o")
        {
            Description = "table, json (stable, for scripts) or yaml",
            Recursive = true,
            DefaultValueFactory = _ => "table",
        };
        option.AcceptOnlyFromAmong("table", "json", "yaml");
        return option;
    }

    public OutputFormat FormatOf(ParseResult parse) => Enum.Parse<OutputFormat>(parse.GetValue(Output) ?? "table", ignoreCase: true);

    public Option<string?> Profile { get; } = new("--profile")
    {
        Description = "The profile of config.json to use (default: the current one, or MKT_PROFILE)",
        Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "Show the details of failures",
        Recursive = true,
    };
}
