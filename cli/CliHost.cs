namespace Marketplace.Cli;

/// <summary>Everything the tool takes from its process: output streams, environment and home directory. Tests pass their own.</summary>
public sealed record CliHost(TextWriter Out, TextWriter Err, Func<string, string?> Environment, string HomeDirectory)
{
    /// <summary>Whether a person is at the terminal (tables get colour and width; prompts are possible).</summary>
    public bool Interactive { get; init; }

    /// <summary>Opens an address in the user's browser; false when it could not (no browser, no desktop).</summary>
    public Func<Uri, bool>? OpenBrowser { get; init; }

    public static CliHost FromProcess() =>
        new(Console.Out, Console.Error, System.Environment.GetEnvironmentVariable, System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile))
        {
            Interactive = !Console.IsOutputRedirected,
            OpenBrowser = SignIn.Browser.Open,
        };
}
