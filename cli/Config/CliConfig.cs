namespace Marketplace.Cli.Config;

/// <summary>One marketplace to talk to, and the API key to use there.</summary>
public sealed record Profile(string Url, string? Key);

/// <summary>The contents of <c>config.json</c>: named profiles and which one commands use by default.</summary>
public sealed record CliConfig
{
    public string Current { get; init; } = "default";
    public Dictionary<string, Profile> Profiles { get; init; } = new(StringComparer.Ordinal);
}
