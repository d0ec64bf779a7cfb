namespace Marketplace.Cli;

/// <summary>A failure the tool explains itself, with the exit code it means.</summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CliException Usage(string message) => new(ExitCodes.Usage, message);

    public static CliException NotLoggedIn() =>
        new(ExitCodes.Auth, "Not logged in: run 'mkt login --url URL' (sign in) or 'mkt login --url URL --key KEY', or set MKT_URL and MKT_KEY.");
}
