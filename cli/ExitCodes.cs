namespace Marketplace.Cli;

/// <summary>What <c>mkt</c> exits with; scripts rely on these.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int NotFound = 3;
    public const int Auth = 4;

    /// <summary>Interrupted with Ctrl-C (the shell convention, 128 + SIGINT).</summary>
    public const int Interrupted = 130;
}
