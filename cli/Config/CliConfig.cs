namespace Marketplace.Cli.Config;

/// <summary>
/// One marketplace to talk to, and the credential to use there: an API key, or a sign-in (with the tenant it acts
/// for, sent as <c>X-Tenant</c>).
/// </summary>
public sealed record Profile(string Url, string? Key)
{
    public SignInSession? SignIn { get; init; }

    public string? Tenant { get; init; }
}

/// <summary>The contents of <c>config.json</c>: named profiles and which one commands use by default.</summary>
public sealed record CliConfig
{
    public string Current { get; init; } = "default";
    public Dictionary<string, Profile> Profiles { get; init; } = new(StringComparer.Ordinal);
}
